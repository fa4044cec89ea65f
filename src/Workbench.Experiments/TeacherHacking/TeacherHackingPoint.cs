namespace Workbench.Experiments.TeacherHacking;

/// <summary>One evaluation of a run with an oracle: the proxy and golden distances at <paramref name="Step"/> (lower is better for both).</summary>
public sealed record TeacherHackingPoint(long Step, double Proxy, double Golden);
