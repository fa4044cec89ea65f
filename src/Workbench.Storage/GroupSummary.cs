namespace Workbench.Storage;

/// <summary>A group as the groups list shows it: its runs counted by how far they got.</summary>
public sealed record GroupSummary(int Id, string Name, DateTime CreatedAt, int Runs, int Completed, int Active, int Failed);
