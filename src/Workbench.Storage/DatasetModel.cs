using Microsoft.EntityFrameworkCore;
using Workbench.Experiments.Datasets;
using Workbench.Storage.Entities;

namespace Workbench.Storage;

/// <summary>The dataset tables, kept apart from the run tables' mapping in <see cref="WorkbenchDbContext"/>.</summary>
internal static class DatasetModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<DatasetEntity>(dataset =>
        {
            dataset.Property(d => d.Name).HasMaxLength(DatasetNames.MaxNameLength);
            dataset.HasIndex(d => d.Name).IsUnique();
            dataset.Property(d => d.SourceFileName).HasMaxLength(DatasetNames.MaxFileNameLength);
            dataset.Property(d => d.Sha256).HasMaxLength(64);
            dataset.HasMany<DatasetSampleEntity>().WithOne().HasForeignKey(s => s.DatasetId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<DatasetSampleEntity>(sample =>
        {
            sample.HasKey(s => new { s.DatasetId, s.Index });
            sample.Property(s => s.Split).HasMaxLength(DatasetSplitNames.MaxLength);
            // The preview pages through one split in file order.
            sample.HasIndex(s => new { s.DatasetId, s.Split, s.Index });
        });
    }
}
