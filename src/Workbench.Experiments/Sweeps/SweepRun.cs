namespace Workbench.Experiments.Sweeps;

/// <summary>One run of an expanded sweep: its config (named and seeded) and its axis values as shown in names and tables.</summary>
public sealed record SweepRun(RunConfig Config, IReadOnlyList<string> AxisValues, int Seed);
