using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Training.Tests.Shared;

/// <summary>
/// Runs Hugging Face's reference tokenizers (tests/fixtures/tokenizer-reference: the <c>tokenizers</c> library's native
/// binding and its JavaScript port <c>@huggingface/tokenizers</c>) under node. The first use installs them with
/// <c>npm ci</c> from the committed package-lock.json when node_modules is missing.
/// </summary>
public static class ReferenceTokenizers
{
    private static readonly Lazy<string> s_folder = new(Install);

    /// <summary>One text's ids and decoded text by one implementation; Error is set when that implementation threw.</summary>
    public sealed record Result(int[] Ids, string Decoded, string? Error);

    /// <summary>The Rust library's and the JavaScript port's results for each text, in order.</summary>
    public static (List<Result> Rust, List<Result> Js) Tokenize(string tokenizerJsonPath, IReadOnlyList<string> texts)
    {
        var request = new JsonObject { ["tokenizer"] = tokenizerJsonPath, ["texts"] = new JsonArray([.. texts.Select(t => (JsonNode)t)]) };
        var output = Run("node", "tokenize.mjs", s_folder.Value, request.ToJsonString());
        var json = JsonNode.Parse(output)!;
        static List<Result> Read(JsonNode? list) => [.. (list as JsonArray ?? []).Select(r => r!["error"] is { } error
            ? new Result([], "", error.GetValue<string>())
            : new Result([.. r["ids"]!.AsArray().Select(i => i!.GetValue<int>())], r["decoded"]!.GetValue<string>(), null))];
        return (Read(json["rust"]), Read(json["js"]));
    }

    private static string Install()
    {
        var folder = FixtureFolder();
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "tokenizers")))
            Run("npm", "ci --no-audit --no-fund", folder, null);
        return folder;
    }

    private static string FixtureFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "fixtures", "tokenizer-reference");
            if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
        }
        throw new DirectoryNotFoundException("tests/fixtures/tokenizer-reference was not found above " + AppContext.BaseDirectory);
    }

    private static string Run(string program, string arguments, string folder, string? input)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) { process.Kill(entireProcessTree: true); throw new TimeoutException($"{program} {arguments} took over 5 minutes."); }
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {arguments} failed ({process.ExitCode}): {stderr.Result}");
        return stdout.Result;
    }

    /// <summary>JSON for a failure message.</summary>
    public static string Show(object value) => JsonSerializer.Serialize(value, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
