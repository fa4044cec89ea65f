namespace Workbench.Web.Hosting;

/// <summary>What the teacher-hacking recipe queued: the oracle, the teacher trained on its completions and the group of offline vs on-policy students.</summary>
public sealed record TeacherHackingDemoSubmission(int OracleRunId, int TeacherRunId, int GroupId, IReadOnlyList<int> GroupRunIds);
