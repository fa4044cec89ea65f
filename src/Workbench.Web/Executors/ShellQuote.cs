namespace Workbench.Web.Executors;

/// <summary>POSIX shell quoting for the job scripts: every value is one single-quoted word.</summary>
public static class ShellQuote
{
    public static string Word(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static string Words(IEnumerable<string> values) => string.Join(' ', values.Select(Word));
}
