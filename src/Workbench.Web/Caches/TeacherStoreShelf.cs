using Microsoft.Extensions.Options;
using Workbench.Experiments.TeacherStores;
using Workbench.Web.Hosting;

namespace Workbench.Web.Caches;

/// <summary>
/// The host's view of the teacher-logit store files in <c>&lt;data&gt;/teacher-cache</c> (where every run's
/// <c>TrainingOptions.ResolveCacheDirectory</c> puts them): list with sizes against the budget
/// (<see cref="WorkbenchOptions.TeacherStoreBudgetMb"/>), delete one, evict the least recently used down to the budget.
/// </summary>
public sealed class TeacherStoreShelf(DataPaths paths, IOptions<WorkbenchOptions> options)
{
    public string Folder => Path.Combine(paths.Root, "teacher-cache");

    /// <summary>The budget in bytes; null = no limit.</summary>
    public long? BudgetBytes => options.Value.TeacherStoreBudgetMb > 0 ? options.Value.TeacherStoreBudgetMb * 1_000_000 : null;

    public TeacherStoreListing List()
    {
        var files = LogitStoreFolder.List(Folder);
        return new TeacherStoreListing(files, files.Sum(f => f.Bytes), BudgetBytes);
    }

    /// <summary>Deletes one store file; false when there is none by that name.</summary>
    /// <exception cref="ArgumentException">The name is not a store file's (<c>logits-&lt;32 hex&gt;.bin</c>).</exception>
    public bool Delete(string name) => LogitStoreFolder.Delete(Folder, name);

    /// <summary>Evicts least-recently-used files down to the budget (nothing without one); the names deleted.</summary>
    public IReadOnlyList<string> Evict() => BudgetBytes is { } budget ? LogitStoreFolder.Evict(Folder, budget) : [];
}

/// <summary>The store files, newest use first, their total size and the budget (bytes; null = none).</summary>
public sealed record TeacherStoreListing(IReadOnlyList<LogitStoreFile> Files, long TotalBytes, long? BudgetBytes);
