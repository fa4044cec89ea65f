namespace Workbench.Experiments;

/// <summary>
/// A run this run needs finished first: its teacher, its starting student or its oracle, by run id.
/// <paramref name="Role"/> is "teacher", "student" or "oracle"; <paramref name="Field"/> the config path that names it.
/// </summary>
public sealed record RunDependency(string Role, string Field, int RunId)
{
    /// <summary>The runs a config waits for, teacher first.</summary>
    public static IReadOnlyList<RunDependency> Of(RunConfig config)
    {
        var dependencies = new List<RunDependency>(3);
        if (config.Teacher?.Run is { } teacher) dependencies.Add(new("teacher", "teacher.run", teacher));
        if (config.Student.Run is { } student) dependencies.Add(new("student", "student.run", student));
        if (config.Oracle?.Run is { } oracle) dependencies.Add(new("oracle", "oracle.run", oracle));
        return dependencies;
    }
}
