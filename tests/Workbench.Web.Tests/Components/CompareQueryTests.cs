using Workbench.Web.Components.Pages;
using Workbench.Web.Tracking;

namespace Workbench.Web.Tests.Components;

public sealed class CompareQueryTests
{
    [Fact]
    public void Parse_BandAndKeys_RoundTripThroughUrl()
    {
        var query = CompareQuery.Parse("1,2,3,4", "eval/loss", null, null, null, null, null, 3, null, "ci", "eval/ood/cam_lift,detect/f1");

        Assert.Equal(ChartBand.Ci, query.Band);
        Assert.Equal(["eval/ood/cam_lift", "detect/f1"], query.KeyMetrics);
        Assert.Equal(3, query.Baseline);
        Assert.Contains("&band=ci", query.ToUrl());
        Assert.Contains("&keys=eval%2Food%2Fcam_lift,detect%2Ff1", query.ToUrl());
    }

    [Fact]
    public void Parse_MoreRunsThanPerRunLines_GroupsTheChart()
    {
        var ids = string.Join(',', Enumerable.Range(1, 50));

        var query = CompareQuery.Parse(ids, null, null, null, null, null, null, null, null);

        Assert.Equal(50, query.Runs.Count);
        Assert.Equal(ChartBand.MinMax, query.Band);
        Assert.Null(query.Baseline);                 // the page picks one: the default baseline configuration's first run
        Assert.Equal(ChartBand.Off, CompareQuery.Parse("1,2", null, null, null, null, null, null, null, null).Band);
    }
}
