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
        var state = new State(weight);
        var smoothed = new double[values.Count];
        for (var i = 0; i < values.Count; i++) smoothed[i] = state.Next(values[i]);
        return smoothed;
    }

    /// <summary>The running average, for live points appended after the history was smoothed.</summary>
    public sealed class State
    {
        private readonly double _weight;
        private double _last;
        private double _debias = 1;   // w^t

        public State(double weight)
        {
            if (weight is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(weight), weight, "Smoothing weight must be in [0, 1).");
            _weight = weight;
        }

        public double Next(double x)
        {
            if (!double.IsFinite(x)) return x;
            _last = _weight * _last + (1 - _weight) * x;
            _debias *= _weight;
            return _last / (1 - _debias);
        }
    }
}
