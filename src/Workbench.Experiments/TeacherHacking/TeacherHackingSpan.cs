namespace Workbench.Experiments.TeacherHacking;

/// <summary>
/// Steps over which the paper's signature held: the proxy fell by <paramref name="ProxyChange"/> (negative) while the golden rose
/// by <paramref name="GoldenChange"/> (positive), from the evaluation at <paramref name="FromStep"/> to the one at <paramref name="ToStep"/>.
/// </summary>
public sealed record TeacherHackingSpan(long FromStep, long ToStep, double ProxyChange, double GoldenChange);
