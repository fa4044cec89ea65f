using Microsoft.EntityFrameworkCore;
using Workbench.Storage.Entities;

namespace Workbench.Storage;

public sealed class WorkbenchDbContext(DbContextOptions<WorkbenchDbContext> options) : DbContext(options)
{
    public DbSet<RunEntity> Runs => Set<RunEntity>();
    public DbSet<MetricPointEntity> MetricPoints => Set<MetricPointEntity>();
    public DbSet<CheckpointEntity> Checkpoints => Set<CheckpointEntity>();
    public DbSet<DetectedSampleEntity> DetectedSamples => Set<DetectedSampleEntity>();
    public DbSet<AttentionSnapshotEntity> AttentionSnapshots => Set<AttentionSnapshotEntity>();
    public DbSet<DatasetEntity> Datasets => Set<DatasetEntity>();
    public DbSet<DatasetSampleEntity> DatasetSamples => Set<DatasetSampleEntity>();
    public DbSet<MetricSummaryEntity> MetricSummaries => Set<MetricSummaryEntity>();
    public DbSet<ModelFolderEntity> ModelFolders => Set<ModelFolderEntity>();
    public DbSet<EvalSampleEntity> EvalSamples => Set<EvalSampleEntity>();
    public DbSet<SamplePredictionEntity> SamplePredictions => Set<SamplePredictionEntity>();
    public DbSet<RunGroupEntity> RunGroups => Set<RunGroupEntity>();
    public DbSet<PolicySamplesEntity> PolicySamples => Set<PolicySamplesEntity>();

    // SQLite keeps no DateTimeKind; every timestamp we write is UTC, so read it back as UTC.
    protected override void ConfigureConventions(ModelConfigurationBuilder configuration) =>
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<RunEntity>(run =>
        {
            run.Property(r => r.Name).HasMaxLength(100);
            run.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            run.Property(r => r.Stage).HasMaxLength(16);
            run.Property(r => r.WorkerLocation).HasMaxLength(200);
            run.HasIndex(r => r.Status);
            run.Property(r => r.OwnerHost).HasMaxLength(128);
            run.Property(r => r.WorkerTokenHash).HasMaxLength(64);
            run.HasIndex(r => r.Name);
            run.HasMany(r => r.Metrics).WithOne().HasForeignKey(m => m.RunId).OnDelete(DeleteBehavior.Cascade);
            run.HasMany(r => r.Checkpoints).WithOne(c => c.Run).HasForeignKey(c => c.RunId).OnDelete(DeleteBehavior.Cascade);
            run.HasMany(r => r.Summaries).WithOne().HasForeignKey(m => m.RunId).OnDelete(DeleteBehavior.Cascade);
            run.Property(r => r.Tags).HasMaxLength(1000);
            run.HasIndex(r => r.Archived);
            run.Ignore(r => r.Progress);
        });
        model.Entity<MetricPointEntity>(point =>
        {
            point.Property(p => p.Name).HasMaxLength(64);
            // Chart queries read one run's metrics in step order; with Value in the index they never touch the table.
            point.HasIndex(p => new { p.RunId, p.Name, p.Step, p.Value });
        });
        model.Entity<MetricSummaryEntity>(summary =>
        {
            summary.HasKey(s => new { s.RunId, s.Name });
            summary.Property(s => s.Name).HasMaxLength(64);
        });
        model.Entity<DetectedSampleEntity>(sample =>
        {
            sample.HasOne<RunEntity>().WithMany().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
            sample.HasIndex(s => new { s.RunId, s.SampleIndex }).IsUnique();
        });
        model.Entity<AttentionSnapshotEntity>(snapshot =>
        {
            snapshot.Property(s => s.Model).HasMaxLength(16);
            snapshot.HasOne<RunEntity>().WithMany().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
            snapshot.HasIndex(s => new { s.RunId, s.Probe, s.Model, s.Step });
        });
        model.Entity<RunGroupEntity>(group =>
        {
            group.Property(g => g.Name).HasMaxLength(100);
            // Deleting a group keeps its runs, ungrouped.
            group.HasMany(g => g.Runs).WithOne(r => r.Group).HasForeignKey(r => r.GroupId).OnDelete(DeleteBehavior.SetNull);
        });
        model.Entity<PolicySamplesEntity>(samples =>
        {
            samples.HasKey(s => s.RunId);
            samples.HasOne<RunEntity>().WithMany().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        DatasetModel.Configure(model);
        ModelFolderModel.Configure(model);
        PredictionModel.Configure(model);
    }
}
