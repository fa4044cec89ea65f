using Workbench.RunProtocol.Reports;

namespace Workbench.RunProtocol;

/// <summary>Reports of one run in sequence order, as the worker's pump sends them (or replays them from its spool).</summary>
public sealed record ReportBatch(int RunId, RunReport[] Reports);
