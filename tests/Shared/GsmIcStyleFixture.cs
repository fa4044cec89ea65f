namespace Workbench.Tests.Shared;

/// <summary>
/// The GSM-IC-style fixture in <c>tests/fixtures/gsm-ic-style</c> (see its README): <see cref="Train"/> holds train and eval
/// lines, <see cref="Ood"/> the out-of-distribution split. Compiled into every test project by tests/Directory.Build.props.
/// </summary>
internal static class GsmIcStyleFixture
{
    public const int TrainLines = 32;
    public const int EvalLines = 8;
    public const int OodLines = 12;

    public static string Folder { get; } = Find();

    public static string Train => Path.Combine(Folder, "train.jsonl");
    public static string Ood => Path.Combine(Folder, "ood.jsonl");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var folder = Path.Combine(dir.FullName, "tests", "fixtures", "gsm-ic-style");
            if (File.Exists(Path.Combine(dir.FullName, "Workbench.sln")) && Directory.Exists(folder)) return folder;
        }
        throw new InvalidOperationException("tests/fixtures/gsm-ic-style not found above " + AppContext.BaseDirectory);
    }
}
