namespace Workbench.Web.Hosting;

/// <summary>What the LeaF demo queued: the teacher, the pre-KD student and the sweep group distilling one from the other.</summary>
public sealed record LeafDemoSubmission(int TeacherRunId, int StudentRunId, int GroupId, IReadOnlyList<int> GroupRunIds);
