namespace Workbench.Worker.Reporting;

/// <summary>The receiver refused the reports (the run's token was revoked, the run deleted): sending them again cannot help.</summary>
public sealed class ReportsRefusedException(string message, Exception? inner = null) : Exception(message, inner);
