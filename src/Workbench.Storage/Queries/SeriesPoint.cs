namespace Workbench.Storage.Queries;

/// <summary>One point of one metric series. A struct: a million of them is one array, not a million objects.</summary>
public readonly record struct SeriesPoint(long Step, double Value, DateTime WallTime);
