using Microsoft.EntityFrameworkCore;
using Workbench.Storage.Entities;

namespace Workbench.Storage;

/// <summary>The tables of evaluation-set samples and per-sample predictions, deleted with their run.</summary>
internal static class PredictionModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<EvalSampleEntity>(sample =>
        {
            sample.Property(s => s.EvalSet).HasMaxLength(40);
            sample.HasOne<RunEntity>().WithMany().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
            sample.HasIndex(s => new { s.RunId, s.EvalSet, s.SampleIndex }).IsUnique();
        });
        model.Entity<SamplePredictionEntity>(prediction =>
        {
            prediction.Property(p => p.EvalSet).HasMaxLength(40);
            prediction.Property(p => p.Model).HasMaxLength(16);
            prediction.HasOne<RunEntity>().WithMany().HasForeignKey(p => p.RunId).OnDelete(DeleteBehavior.Cascade);
            prediction.HasIndex(p => new { p.RunId, p.EvalSet, p.Step });
        });
    }
}
