using Workbench.ModelFolders.ChatTemplates.Jinja;

namespace Workbench.Training.Tests.Data.ChatTemplates.Jinja;

/// <summary>
/// Details where Python's semantics differ from .NET's; every expected string is what Python Jinja2 3.1.6
/// (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, as transformers renders) printed for the template.
/// </summary>
public sealed class JinjaPythonDetailsTests
{
    [Theory]
    [InlineData("{{ -3 | abs }}", "3")]                                         // the filter applies to -3, not to 3
    [InlineData("{{ -3.5 | abs }}", "3.5")]
    [InlineData("{{ - 3 | abs }}", "3")]
    [InlineData("{{ -2 ** 2 }}", "4")]
    [InlineData("{{ not 1 | abs }}", "False")]
    [InlineData("{{ 1e3 }}", "1000.0")]
    [InlineData("{{ 1E3 }}", "1000.0")]
    [InlineData("{{ 1e-3 }}", "0.001")]
    [InlineData("{{ 2.5e2 }}", "250.0")]
    [InlineData("{{ 1_000 }}", "1000")]
    [InlineData("{{ 1e3 | int }}", "1000")]
    [InlineData("{{ '\u001c a \u001f' | trim }}|", "a|")]                       // U+001C–U+001F are whitespace to Python
    [InlineData("{{ '\u001c a \u001f'.strip() }}|", "a|")]
    [InlineData("{{ '\u001e\u001da'.lstrip() }}|", "a|")]
    [InlineData("{{ 'a\u001d'.rstrip() }}|", "a|")]
    [InlineData("{{ 'a\u001fb c'.split() }}", "['a', 'b', 'c']")]
    [InlineData("{{ '😀ab' | length }}", "3")]                                  // code points, not UTF-16 units
    [InlineData("{{ '😀ab'[1:] }}", "ab")]
    [InlineData("{{ '😀ab'[0] }}", "😀")]
    [InlineData("{{ '😀ab'[-1] }}", "b")]
    [InlineData("{{ 'a😀b'[::-1] }}", "b😀a")]
    [InlineData("{{ '😀ab' | reverse }}", "ba😀")]
    [InlineData("{{ '😀x' | list }}", "['😀', 'x']")]
    [InlineData("{{ 'ß' | upper }}", "SS")]                                     // full case mapping
    [InlineData("{{ 'straße'.upper() }}", "STRASSE")]
    [InlineData("{{ 'ΟΔΟΣ' | lower }}", "οδος")]                               // final sigma
    [InlineData("{{ 'ΟΔΟΣ ΟΔΟΣ.'.lower() }}", "οδος οδος.")]
    [InlineData("{{ 'Σ' | lower }}", "σ")]
    [InlineData("{{ 'İ' | lower }}", "i̇")]
    [InlineData("{{ 'ﬁ' | upper }}", "FI")]
    [InlineData("{{ 'ß' | capitalize }}", "Ss")]
    [InlineData("{{ 'ßa ß' | title }}", "SSa SS")]
    [InlineData("{{ 'ǆ' | upper }}", "Ǆ")]
    [InlineData("{{ 'hello-wORLD (foo) [bar] o\\'neil' | title }}", "Hello-World (Foo) [Bar] O'neil")]    // Jinja's filter, not str.title
    [InlineData("{{ 'hello-wORLD o\\'neil ßa'.title() }}", "Hello-World O'Neil Ssa")]
    [InlineData("{{ (1, 2) }}", "(1, 2)")]
    [InlineData("{{ (1,) }}", "(1,)")]
    [InlineData("{{ () }}", "()")]
    [InlineData("{{ [(1, 'a')] }}", "[(1, 'a')]")]
    [InlineData("{{ {'a': (1, 2)} }}", "{'a': (1, 2)}")]
    [InlineData("{{ (1, 2) | list }}", "[1, 2]")]
    [InlineData("{{ (1, 2) | tojson }}", "[1, 2]")]
    [InlineData("{% for a, b in [(1, 2)] %}{{ a }}{{ b }}{% endfor %}", "12")]
    [InlineData("{{ (1, 2) == [1, 2] }}", "False")]
    [InlineData("{{ ((1,2),) }}", "((1, 2),)")]
    [InlineData("{{ (1, 2)[0] }}", "1")]
    [InlineData("{{ (1,2) + (3,) }}", "(1, 2, 3)")]
    [InlineData("{{ {'a': 1}.items() | list }}", "[('a', 1)]")]
    public void Render_PythonDetail_PrintsWhatJinja2Prints(string template, string expected) =>
        Assert.Equal(expected, new JinjaTemplate(template).Render(new Dictionary<string, object?>()));
}
