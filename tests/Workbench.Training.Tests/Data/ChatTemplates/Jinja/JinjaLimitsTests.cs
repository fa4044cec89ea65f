using System.Diagnostics;
using Workbench.ModelFolders.ChatTemplates;
using Workbench.ModelFolders.ChatTemplates.Jinja;

namespace Workbench.Training.Tests.Data.ChatTemplates.Jinja;

/// <summary>A hostile template fails fast with a clear message instead of hanging or filling memory.</summary>
public sealed class JinjaLimitsTests
{
    private static (string Message, TimeSpan Took) Fail(string template)
    {
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<ChatTemplateException>(() => new JinjaTemplate(template).Render(new Dictionary<string, object?>()));
        return (error.Message, clock.Elapsed);
    }

    [Fact]
    public void Render_BillionStepRange_RefusedBeforeLooping()
    {
        var (message, took) = Fail("{% for i in range(1000000000) %}{% endfor %}");

        Assert.Contains("range() of 1,000,000,000 items", message);
        Assert.True(took < TimeSpan.FromSeconds(1), $"took {took}");
    }

    [Fact]
    public void Render_TenBillionStepsOfNestedLoops_StopsAfterAboutOneSecond()
    {
        var (message, took) = Fail("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}");

        Assert.Contains("ran for more than 1 s", message);
        Assert.True(took < TimeSpan.FromSeconds(5), $"took {took}");
    }

    [Theory]
    [InlineData("{{ 'x' * 1000000000 }}")]
    [InlineData("{{ '' * 1000000000000 }}")]
    [InlineData("{% for i in range(100000) %}{{ 'yyyyyyyyyyyyyyyyyyyy' }}{% endfor %}")]
    public void Render_HugeOutput_RefusedPastOneMillionCharacters(string template) =>
        Assert.Contains("1,000,000 characters", Fail(template).Message);

    [Fact]
    public void Render_MacroCallingItself_RefusedInsteadOfOverflowingTheStack() =>
        Assert.Contains("nests macro calls more than 64 deep", Fail("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}").Message);

    [Fact]
    public void Render_OrdinaryLoop_StillRenders() =>
        Assert.Equal("0,1,2,", new JinjaTemplate("{% for i in range(3) %}{{ i }},{% endfor %}").Render(new Dictionary<string, object?>()));
}
