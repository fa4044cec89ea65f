using System.Text;

namespace Workbench.Web.Hosting;

/// <summary>
/// Checks the database file before migrations touch it. A missing or empty file over existing run folders means the runs'
/// history is gone (deleted, truncated by a full disk): starting would create a new database whose run ids collide with
/// those folders, so the server refuses. A file that is not SQLite is refused too, instead of a stack trace.
/// </summary>
public static class DatabaseGuard
{
    private static readonly byte[] s_sqliteHeader = Encoding.ASCII.GetBytes("SQLite format 3\0");

    /// <summary>Throws <see cref="DatabaseUnusableException"/> when the server must not start on <paramref name="databaseFile"/>.</summary>
    public static void Check(string databaseFile, string runsFolder)
    {
        var file = new FileInfo(databaseFile);
        var length = file.Exists ? file.Length : 0;
        if (length == 0)
        {
            var runFolders = Directory.Exists(runsFolder) ? Directory.GetDirectories(runsFolder).Length : 0;
            if (runFolders > 0)
                throw new DatabaseUnusableException(
                    $"The database file {databaseFile} is {(file.Exists ? "empty" : "missing")}, but {runsFolder} holds {runFolders} run folder(s): " +
                    "refusing to start a new database over them. Restore the file from a backup, or move the runs folder away to start afresh.");
            return;
        }
        var header = new byte[s_sqliteHeader.Length];
        int read;
        using (var stream = file.OpenRead()) read = stream.Read(header);
        if (read < header.Length || !header.AsSpan().SequenceEqual(s_sqliteHeader))
            throw new DatabaseUnusableException($"The database file {databaseFile} is not a SQLite database (corrupt or overwritten). Restore it from a backup, or move it away to start afresh.");
    }
}
