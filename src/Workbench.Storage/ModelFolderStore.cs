using Microsoft.EntityFrameworkCore;
using Workbench.Experiments;
using Workbench.Storage.Entities;

namespace Workbench.Storage;

/// <summary>
/// Registered Hugging Face model folders: register, list, get and delete. Only the registration is stored; deleting
/// one never touches the folder. Paths arrive already validated and canonical (the host checks them).
/// </summary>
public sealed class ModelFolderStore(IDbContextFactory<WorkbenchDbContext> dbFactory, TimeProvider time)
{
    public const int MaxNameLength = 64;
    public const int MaxPathLength = 4096;

    /// <summary>
    /// Stores <paramref name="folder"/> (its <see cref="ModelFolderEntity.RegisteredAt"/> set now). Returns the stored row, or
    /// an error on <c>name</c> or <c>path</c> when the name is empty, too long or taken, or the path is already registered.
    /// </summary>
    public async Task<(ModelFolderEntity? Folder, ValidationError? Error)> RegisterAsync(ModelFolderEntity folder, CancellationToken ct = default)
    {
        if (ValidateName(folder.Name) is { } nameError) return (null, nameError);
        if (folder.Path.Length > MaxPathLength) return (null, new("path", $"The path must be at most {MaxPathLength} characters."));
        if (await ConflictAsync(folder, ct) is { } conflict) return (null, conflict);

        folder.Id = 0;
        folder.RegisteredAt = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ModelFolders.Add(folder);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Lost a race with another registration of the same name or path.
            if (await ConflictAsync(folder, CancellationToken.None) is { } raced) return (null, raced);
            throw;
        }
        return (folder, null);
    }

    public async Task<IReadOnlyList<ModelFolderEntity>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ModelFolders.AsNoTracking().OrderBy(f => f.Name).ToListAsync(ct);
    }

    public async Task<ModelFolderEntity?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ModelFolders.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct);
    }

    /// <summary>The registration of the canonical path <paramref name="path"/>, or null.</summary>
    public async Task<ModelFolderEntity?> GetByPathAsync(string path, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ModelFolders.AsNoTracking().FirstOrDefaultAsync(f => f.Path == path, ct);
    }

    /// <summary>Removes the registration (never the folder). False when unknown.</summary>
    public async Task<bool> DeleteAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ModelFolders.Where(f => f.Id == id).ExecuteDeleteAsync(ct) == 1;
    }

    private static ValidationError? ValidateName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? new("name", "A name is required.")
        : name.Length > MaxNameLength ? new("name", $"The name must be at most {MaxNameLength} characters.")
        : name != name.Trim() ? new("name", "The name must not start or end with spaces.")
        : null;

    private async Task<ValidationError?> ConflictAsync(ModelFolderEntity folder, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.ModelFolders.AsNoTracking().FirstOrDefaultAsync(f => f.Path == folder.Path, ct) is { } samePath)
            return new("path", $"This folder is already registered as '{samePath.Name}'.");
        if (await db.ModelFolders.AnyAsync(f => f.Name == folder.Name, ct))
            return new("name", $"A model folder named '{folder.Name}' is already registered; choose another name.");
        return null;
    }
}
