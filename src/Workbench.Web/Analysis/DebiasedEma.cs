namespace Workbench.Web.Analysis;

/// <summary>
/// Exponential moving average with the start-up bias removed (TensorBoard's smoothing; Adam's bias correction):
/// m_t = w·m_{t−1} + (1−w)·x_t with m_0 = 0, shown as m_t / (1 − w^t). Without the correction the curve would start
/// near 0. Non-finite values pass through and do not disturb the average.
/// </summary>
public static class DebiasedEma
{
    public static double[] Smooth(IReadOnlyList<double> values, double weight)
    {
        if (weight is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(weight), weight, "Smoothing weight must be in [0, 1).");
        var smoothed = new double[values.Count];
        double last = 0, debias = 1;
        for (var i = 0; i < values.Count; i++)
        {
            var x = values[i];
            if (!double.IsFinite(x)) { smoothed[i] = x; continue; }
            last = weight * last + (1 - weight) * x;
            debias *= weight;
            smoothed[i] = last / (1 - debias);
        }
        return smoothed;
    }
}
