namespace Workbench.Training.Objectives;

/// <summary>One term's value at a step: <see cref="Value"/> is unweighted; the total adds Weight · Value.</summary>
public sealed record TermValue(string Kind, double Weight, double Value);
