using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>
/// Base of the terms that compare the student's and the teacher's next-token distributions at temperature T
/// (objectives.md §1 and §2). It checks the shapes, keeps the positions with a target (labels ≠ −100), casts to fp32,
/// divides both logits by T and returns the token mean of the per-position divergence, times T² when enabled
/// (default on, so the soft gradients do not shrink as 1/T²; at the default T = 1 the factor is 1).
/// </summary>
public abstract class DivergenceObjective : IStoreObjective
{
    protected DivergenceObjective(double temperature, bool scaleByTemperatureSquared)
    {
        TargetRows.CheckTemperature(temperature);
        Temperature = temperature;
        ScaleByTemperatureSquared = scaleByTemperatureSquared;
    }

    public abstract string Kind { get; }
    public bool NeedsTeacher => true;
    public double Temperature { get; }
    public bool ScaleByTemperatureSquared { get; }

    /// <summary>
    /// Token-mean divergence (× T² when enabled) of student and teacher logits (B, T, V) at the positions where
    /// <paramref name="labels"/> (B, T) is not −100; 0 when there is none.
    /// </summary>
    public Tensor Compute(Tensor studentLogits, Tensor teacherLogits, Tensor labels)
    {
        TargetRows.CheckPair(Kind, studentLogits, teacherLogits, labels);
        using var mask = TargetRows.Mask(labels);                      // (B, T)
        using var zs = TargetRows.Select(studentLogits, mask);         // (N, V)
        using var zt = TargetRows.Select(teacherLogits, mask);         // (N, V)
        using var zs_T = zs / Temperature;
        using var zt_T = zt / Temperature;
        using var total = Sum(zs_T, zt_T);
        return TokenMean(total, zs.shape[0]);
    }

    public double StoreTemperature => Temperature;

    public virtual int StoreIdsNeeded(long vocabSize) => 1;

    /// <summary>
    /// The divergence from a teacher-logit store (<see cref="Workbench.Experiments.StoreFormulas.Buckets"/>): this kind's own
    /// <see cref="Sum"/> between the student's and the teacher's (k + 1)-bucket distributions (<see cref="SparseBuckets"/>), token
    /// mean over labels ≠ −100, × T² when enabled. With k = V it equals <see cref="Compute(Tensor, Tensor, Tensor)"/>.
    /// </summary>
    public virtual Tensor ComputeFromStore(Tensor studentLogits, TeacherTopK teacher, Tensor labels)
    {
        SparseBuckets.Check(Kind, studentLogits, teacher, labels, Temperature);
        using var mask = TargetRows.Mask(labels);                      // (B, T)
        using var zs = TargetRows.Select(studentLogits, mask);         // (N, V)
        using var zs_T = zs / Temperature;
        var (ids, log_p, log_m_T) = SparseBuckets.Rows(teacher, mask);
        using var _ids = ids;
        using var _log_p = log_p;
        using var _log_m_T = log_m_T;
        var (bucket_q, bucket_p) = SparseBuckets.Of(zs_T, ids, log_p, log_m_T);   // (N, k + 1) log-probabilities
        using var _bucket_q = bucket_q;
        using var _bucket_p = bucket_p;
        using var total = Sum(bucket_q, bucket_p);                      // log_softmax of log-probabilities is the identity
        return TokenMean(total, zs.shape[0]);
    }

    /// <summary>A divergence summed over <paramref name="rows"/> positions as the token mean, × T² when enabled.</summary>
    protected Tensor TokenMean(Tensor total, long rows) =>
        total * ((ScaleByTemperatureSquared ? Temperature * Temperature : 1.0) / Math.Max(1, rows));

    Tensor IObjective.Compute(Tensor studentLogits, Tensor? teacherLogits, Tensor labels) =>
        Compute(studentLogits, TargetRows.CheckPair(Kind, studentLogits, teacherLogits, labels), labels);

    /// <summary>
    /// The divergence summed over the rows, as a scalar, from temperature-scaled student and teacher logits
    /// <c>z_S/T</c>, <c>z_T/T</c> (N, V) in fp32 (fp64 in gradient checks).
    /// </summary>
    protected abstract Tensor Sum(Tensor studentLogits, Tensor teacherLogits);
}
