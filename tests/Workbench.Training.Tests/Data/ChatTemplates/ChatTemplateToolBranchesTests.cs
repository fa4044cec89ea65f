using Workbench.ModelFolders.ChatTemplates.Jinja;
using static Workbench.Training.Tests.Data.ChatTemplates.RealChatTemplates;

namespace Workbench.Training.Tests.Data.ChatTemplates;

/// <summary>
/// The tool branches of the real Qwen2.5 and Llama 3.1 templates, driven through the interpreter with tool schemas
/// and tool-call messages (ChatTemplate itself only passes plain messages), so the whole template is exercised.
/// </summary>
public sealed class ChatTemplateToolBranchesTests
{
    private static Dictionary<string, object?> Dict(params (string Key, object? Value)[] entries) => entries.ToDictionary(e => e.Key, e => e.Value);

    private static readonly Dictionary<string, object?> s_user = Dict(("role", "user"), ("content", "What time?"));

    [Fact]
    public void Qwen25_WithTools_ListsThemInTheSystemTurn()
    {
        var tools = new List<object?> { Dict(("type", "function"), ("function", Dict(("name", "get_time"), ("parameters", Dict())))) };
        var output = new JinjaTemplate(Qwen25.Template).Render(new Dictionary<string, object?>
        {
            ["messages"] = new List<object?> { s_user }, ["tools"] = tools, ["add_generation_prompt"] = true,
        });
        Assert.Equal(
            "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
            + "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n{\"type\": \"function\", \"function\": {\"name\": \"get_time\", \"parameters\": {}}}\n</tools>\n\n"
            + "For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n"
            + "<|im_start|>user\nWhat time?<|im_end|>\n<|im_start|>assistant\n",
            output);
    }

    [Fact]
    public void Qwen25_ToolCallAndResponse_RenderAsToolCallAndToolResponseBlocks()
    {
        var call = Dict(("role", "assistant"), ("content", ""),
            ("tool_calls", new List<object?> { Dict(("function", Dict(("name", "get_time"), ("arguments", Dict(("tz", "UTC")))))) }));
        var response = Dict(("role", "tool"), ("content", "12:00"));
        var output = new JinjaTemplate(Qwen25.Template).Render(new Dictionary<string, object?>
        {
            ["messages"] = new List<object?> { s_user, call, response }, ["tools"] = null, ["add_generation_prompt"] = false,
        });
        Assert.Equal(
            "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\nWhat time?<|im_end|>\n"
            + "<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_time\", \"arguments\": {\"tz\": \"UTC\"}}\n</tool_call><|im_end|>\n"
            + "<|im_start|>user\n<tool_response>\n12:00\n</tool_response><|im_end|>\n",
            output);
    }

    [Fact]
    public void Llama31_WithTools_PutsThemInTheFirstUserTurnAsIndentedJson()
    {
        var tools = new List<object?> { Dict(("name", "f"), ("parameters", Dict())) };
        var output = new JinjaTemplate(Llama31.Template).Render(new Dictionary<string, object?>
        {
            ["messages"] = new List<object?> { s_user }, ["tools"] = tools, ["add_generation_prompt"] = true, ["bos_token"] = "<|begin_of_text|>",
        });
        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nEnvironment: ipython\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\nGiven the following functions, please respond with a JSON for a function call with its proper arguments that best answers the given prompt.\n\n"
            + "Respond in the format {\"name\": function name, \"parameters\": dictionary of argument name and its value}.Do not use variables.\n\n"
            + "{\n    \"name\": \"f\",\n    \"parameters\": {}\n}\n\nWhat time?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
            output);
    }
}
