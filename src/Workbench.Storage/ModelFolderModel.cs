using Microsoft.EntityFrameworkCore;
using Workbench.Storage.Entities;

namespace Workbench.Storage;

/// <summary>The model-folder registrations table, kept apart from the run tables' mapping in <see cref="WorkbenchDbContext"/>.</summary>
internal static class ModelFolderModel
{
    public static void Configure(ModelBuilder model) =>
        model.Entity<ModelFolderEntity>(folder =>
        {
            folder.ToTable("ModelFolders");
            folder.Property(f => f.Name).HasMaxLength(ModelFolderStore.MaxNameLength);
            folder.HasIndex(f => f.Name).IsUnique();
            folder.Property(f => f.Path).HasMaxLength(ModelFolderStore.MaxPathLength);
            folder.HasIndex(f => f.Path).IsUnique();
            folder.Property(f => f.Architecture).HasMaxLength(100);
            folder.Property(f => f.ModelType).HasMaxLength(50);
            folder.Property(f => f.DType).HasMaxLength(16);
            folder.Property(f => f.Tokenizer).HasMaxLength(200);
        });
}
