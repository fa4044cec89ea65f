namespace Workbench.Web.Tests.Architecture;

/// <summary>
/// The namespaces of the web host depend on each other one way: no two use each other, directly or around a circle. The
/// graph is read from the compiled assembly (<see cref="NamespaceGraph"/>), so a use hidden in a lambda, a razor component or
/// a partially qualified name (<c>Hosting.DataPaths</c>) counts as well as a <c>using</c>.
/// </summary>
public sealed class NamespaceCycleTests
{
    private static readonly NamespaceGraph s_graph = NamespaceGraph.Of(typeof(Program).Assembly, "Workbench.Web");

    // The one cycle left, for a reason outside this change: RunEventCodec (ScaleOut) encodes with the hub's MessagePack options,
    // WorkbenchServiceExtensions.HubSerializerOptions, while the Extensions register the relay. It goes when the run
    // protocol's one serializer setup (issue 11, part 1) replaces HubSerializerOptions. Only this exact group is tolerated:
    // a cycle that grows to take in another namespace fails.
    private static readonly string[][] s_tolerated = [];

    [Fact]
    public void WebNamespaces_FormNoCycle()
    {
        var cycles = s_graph.Cycles().Where(c => !s_tolerated.Any(t => t.SequenceEqual(c))).ToList();
        Assert.True(cycles.Count == 0, "Namespaces of Workbench.Web that use each other:\n" + string.Join("\n", cycles.Select(c =>
            $"{string.Join(" <-> ", c)}\n{s_graph.Describe(c)}")));
    }

    [Fact]
    public void Graph_SeesTheUsesItIsMeantToSee()
    {
        // Without these the test above would pass on an empty graph: the live feed uses the host's places (a constructor
        // parameter), the run service uses the live feed (a method body), and the pages use the run service (razor).
        Assert.Contains("Workbench.Web.Hosting", s_graph.Edges["Workbench.Web.Live"]);
        Assert.Contains("Workbench.Web.Live", s_graph.Edges["Workbench.Web.Orchestration"]);
        Assert.Contains("Workbench.Web.Orchestration", s_graph.Edges["Workbench.Web.Components.Pages"]);
    }

    [Fact]
    public void Cycles_FoundInAGraphThatHasOne()
    {
        // The detector itself, on two namespaces of this test assembly made to use each other (Architecture/Cycle).
        const string a = "Workbench.Web.Tests.Architecture.CycleA", b = "Workbench.Web.Tests.Architecture.CycleB";
        var graph = NamespaceGraph.Of(typeof(CycleA.UsesB).Assembly, "Workbench.Web.Tests.Architecture.Cycle");
        Assert.Equal([a, b], Assert.Single(graph.Cycles()));
        Assert.Equal(["UsesB uses UsesA"], graph.Reasons(a, b));
        Assert.Equal(["UsesA uses UsesB"], graph.Reasons(b, a));
    }
}
