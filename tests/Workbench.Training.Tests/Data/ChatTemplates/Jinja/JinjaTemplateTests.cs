using Workbench.ModelFolders.ChatTemplates;
using Workbench.ModelFolders.ChatTemplates.Jinja;

namespace Workbench.Training.Tests.Data.ChatTemplates.Jinja;

public sealed class JinjaTemplateTests
{
    private static string Render(string template, params (string Name, object? Value)[] variables) =>
        new JinjaTemplate(template).Render(variables.ToDictionary(v => v.Name, v => v.Value));

    private static List<object?> Messages(params string[] roles) =>
        roles.Select((role, i) => (object?)new Dictionary<string, object?> { ["role"] = role, ["content"] = $"m{i}" }).ToList();

    [Theory]
    [InlineData("a  {{- 'b' -}}  c", "abc")]
    [InlineData("a\n  {%- if true %}b{% endif %}", "ab")]
    [InlineData("{% if true -%}  \n  b{% endif %}", "b")]
    [InlineData("{% if true %}\nb{% endif %}", "b")]                       // trim_blocks drops the newline after %}
    [InlineData("{{ 'a' }}\nb", "a\nb")]                                    // ...but not after }}
    [InlineData("x\n    {% if true %}y{% endif %}", "x\ny")]                // lstrip_blocks: indentation before a block tag
    [InlineData("x\n    {{ 'y' }}", "x\n    y")]                            // ...but not before an output
    [InlineData("x  {% if true %}y{% endif %}", "x  y")]                    // ...and only at the start of a line
    [InlineData("x\n    {%+ if true %}y{% endif %}", "x\n    y")]           // + turns lstrip off
    [InlineData("{% if true +%}\ny{% endif %}", "\ny")]                     // + turns trim_blocks off
    [InlineData("a{# comment #}\nb", "ab")]
    [InlineData("a {#- comment -#} b", "ab")]
    [InlineData("line\n", "line")]                                          // one trailing newline is dropped
    [InlineData("crlf\r\n{% if true %}\r\nx{% endif %}", "crlf\nx")]
    public void Render_WhitespaceControl_MatchesJinjaWithTrimAndLstripBlocks(string template, string expected) =>
        Assert.Equal(expected, Render(template));

    [Fact]
    public void Render_ForLoop_ExposesLoopVariables()
    {
        const string template = "{% for x in items %}{{ loop.index }}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ x }};{% endfor %}";
        Assert.Equal("10TrueFalse2a;21FalseTrue2b;", Render(template, ("items", new List<object?> { "a", "b" })));
    }

    [Fact]
    public void Render_ForElseAndFilterAndUnpacking_Work()
    {
        Assert.Equal("empty", Render("{% for x in [] %}{{ x }}{% else %}empty{% endfor %}"));
        Assert.Equal("24", Render("{% for x in range(1, 5) if x is even %}{{ x }}{% endfor %}"));
        Assert.Equal("a=1,b=2,", Render("{% for k, v in {'a': 1, 'b': 2} | items %}{{ k }}={{ v }},{% endfor %}"));
        Assert.Equal("a=1,", Render("{% for k, v in d.items() %}{{ k }}={{ v }},{% endfor %}", ("d", new Dictionary<string, object?> { ["a"] = 1L })));
        Assert.Equal("13", Render("{% for x in [1, 2, 3, 4] %}{% if x == 2 %}{% continue %}{% endif %}{% if x == 4 %}{% break %}{% endif %}{{ x }}{% endfor %}"));
    }

    [Fact]
    public void Render_SetInsideLoop_DoesNotLeakButNamespaceDoes()
    {
        const string template = "{% set n = 0 %}{% set ns = namespace(n=0) %}{% for x in [1, 2, 3] %}{% set n = n + x %}{% set ns.n = ns.n + x %}{% endfor %}{{ n }} {{ ns.n }}";
        Assert.Equal("0 6", Render(template));
    }

    [Fact]
    public void Render_Llama2StyleAlternation_UsesModuloAndIndex0()
    {
        const string template = "{% for m in messages %}{% if (m['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('roles must alternate') }}{% endif %}{{ m.role[0] }}{% endfor %}";
        Assert.Equal("uau", Render(template, ("messages", Messages("user", "assistant", "user"))));
        var error = Assert.Throws<ChatTemplateException>(() => Render(template, ("messages", Messages("user", "user"))));
        Assert.Equal("roles must alternate", error.Message);
    }

    [Theory]
    [InlineData("{{ '  x  ' | trim }}", "x")]
    [InlineData("{{ 'abc' | length }}{{ [1, 2] | length }}", "32")]
    [InlineData("{{ 'Ab' | upper }}{{ 'Ab' | lower }}{{ 'hELLO wORLD' | capitalize }}", "ABabHello world")]
    [InlineData("{{ undefined_name | default('d') }}{{ '' | default('e', true) }}{{ 'x' | default('f') }}", "dex")]
    [InlineData("{{ [3, 4] | first }}{{ [3, 4] | last }}{{ ['a', 'b'] | join(', ') }}", "34a, b")]
    [InlineData("{{ 'a-b-c' | replace('-', '+') }}{{ 42 | string }}", "a+b+c42")]
    [InlineData("{{ ['a', 'code_interpreter', 'b'] | reject('equalto', 'code_interpreter') | join(',') }}", "a,b")]
    [InlineData("{{ {'name': 'f', 'args': [1, 2.5, true, none], 'q': 'say \"hi\"\\n'} | tojson }}", "{\"name\": \"f\", \"args\": [1, 2.5, true, null], \"q\": \"say \\\"hi\\\"\\n\"}")]
    [InlineData("{{ {'a': [1]} | tojson(indent=2) }}", "{\n  \"a\": [\n    1\n  ]\n}")]
    [InlineData("{{ '  x  '.strip() }}|{{ '  x'.lstrip() }}|{{ 'x  '.rstrip() }}|{{ 'xyx'.strip('x') }}", "x|x|x|y")]
    [InlineData("{{ 'abc'.startswith('ab') }}{{ 'abc'.endswith('bc') }}{{ 'a b  c'.split() | length }}{{ 'a,b'.split(',')[1] }}", "TrueTrue3b")]
    [InlineData("{{ 'Ab'.upper() }}{{ 'Ab'.lower() }}{{ 'aXa'.replace('a', 'b') }}", "ABabbXb")]
    [InlineData("{{ d.get('k') }}{{ d.get('missing', 'dflt') }}{{ d.keys() | join }}{{ d['k'] }}{{ d.k }}", "vdfltkvv")]
    public void Render_FiltersAndMethods_BehaveLikePython(string template, string expected) =>
        Assert.Equal(expected, Render(template, ("d", new Dictionary<string, object?> { ["k"] = "v" })));

    [Theory]
    [InlineData("{{ 1 + 2 * 3 }} {{ 7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ 7 / 2 }} {{ 2 ** 3 }}", "7 3 1 2 3.5 8")]
    [InlineData("{{ 'a' ~ 1 ~ none }} {{ 'a' + 'b' }} {{ [1] + [2] }}", "a1None ab [1, 2]")]
    [InlineData("{{ 1 < 2 and 2 <= 2 and not 3 > 4 }} {{ none or 'x' }} {{ 0 and 'y' }}", "True x 0")]
    [InlineData("{{ 'b' in 'abc' }} {{ 2 in [1, 2] }} {{ 'k' in {'k': 1} }} {{ 3 not in [1] }}", "True True True True")]
    [InlineData("{{ 'yes' if 1 else 'no' }}{{ 'yes' if 0 else 'no' }}[{{ 'never' if false }}]", "yesno[]")]
    [InlineData("{{ x is defined }}{{ y is undefined }}{{ none is none }}{{ 's' is string }}{{ {} is mapping }}{{ x is not none }}", "TrueTrueTrueTrueTrueTrue")]
    [InlineData("{{ items[1:] }} {{ items[-1] }} {{ items[::-1] }} {{ 'hello'[1:3] }} {{ items[:-1] | length }}", "[2, 3] 3 [3, 2, 1] el 2")]
    [InlineData("{{ [1, 'a', 1.0, true] }} {{ {'k': 'v'} }}", "[1, 'a', 1.0, True] {'k': 'v'}")]
    [InlineData("{{ 'a' 'b' }}{{ \"it's\" }}{{ 'tab\\there' }}", "abit'stab\there")]
    public void Render_Expressions_FollowJinjaSemantics(string template, string expected) =>
        Assert.Equal(expected, Render(template, ("x", 1L), ("items", new List<object?> { 1L, 2L, 3L })));

    [Fact]
    public void Render_FilterBindsTighterThanPlus_AsInJinja()
    {
        Assert.Equal("<a>", Render("{{ '<' + ' a ' | trim + '>' }}"));
        Assert.Equal("True", Render("{{ [] | length == 0 }}"));
    }

    [Fact]
    public void Render_MacroAndSetBlock_Work()
    {
        Assert.Equal("[a][b!]", Render("{% macro tag(x, suffix='') %}[{{ x }}{{ suffix }}]{% endmacro %}{{ tag('a') }}{{ tag('b', suffix='!') }}"));
        Assert.Equal("<hi>", Render("{% set inner %}hi{% endset %}<{{ inner }}>"));
    }

    [Fact]
    public void Render_MissingKeyIsUndefined_PrintsEmptyAndIsFalsy()
    {
        var message = new Dictionary<string, object?> { ["role"] = "assistant" };
        Assert.Equal("|no calls", Render("{{ m.tool_calls }}|{% if not m.tool_calls %}no calls{% endif %}", ("m", message)));
    }

    [Fact]
    public void Render_StrftimeNow_UsesTheClock()
    {
        var output = new JinjaTemplate("{{ strftime_now('%d %b %Y %H:%M') }}")
            .Render(new Dictionary<string, object?>(), new FixedClock(new DateTimeOffset(2024, 7, 26, 9, 5, 0, TimeSpan.Zero)));
        Assert.Equal("26 Jul 2024 09:05", output);
    }

    [Theory]
    [InlineData("{{ 'a' + 1 }}", "unsupported operand types for +: 'str' and 'int'")]
    [InlineData("{{ missing.attr }}", "'missing' is undefined")]
    [InlineData("{{ 'a' + missing }}", "'missing' is undefined")]
    [InlineData("{% set x.y = 1 %}", "'x' is not a namespace()")]
    [InlineData("{% if true %}x", "missing '{% endif %}'")]
    [InlineData("{{ 'unterminated }}", "unterminated string")]
    [InlineData("{% endfor %}", "unexpected '{% endfor %}'")]
    public void Render_Errors_AreChatTemplateExceptionsWithAReason(string template, string reason)
    {
        var error = Assert.Throws<ChatTemplateException>(() => Render(template));
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("{% include 'x' %}", "statement '{% include %}'", "line 1, column 4")]
    [InlineData("a\n{{ x | wordwrap }}", "filter 'wordwrap'", "line 2, column 8")]
    [InlineData("{{ x is prime }}", "test 'prime'", "line 1, column 9")]
    [InlineData("{{ lipsum(2) }}", "function 'lipsum'", "line 1, column 10")]
    [InlineData("{{ 'x'.zfill(3) }}", "method '.zfill()'", "line 1, column 13")]
    [InlineData("{% for x in xs recursive %}{% endfor %}", "recursive loops", "line 1, column 16")]
    public void Parse_UnknownConstruct_NotSupportedNamingConstructAndPosition(string template, string construct, string position)
    {
        var error = Assert.Throws<NotSupportedException>(() => Render(template, ("xs", new List<object?>())));
        Assert.Contains(construct, error.Message);
        Assert.Contains(position, error.Message);
    }
}
