using Workbench.Web.Tracking;

namespace Workbench.Web.Components.Controls;

/// <summary>How a tracked chart draws its traces. <see cref="Smoothing"/> is the debiased-EMA weight in [0, 1); 0 draws raw lines only.</summary>
public sealed record ChartSettings(
    XAxis XAxis = XAxis.Step, double Smoothing = 0, bool LogX = false, bool LogY = false, bool IgnoreOutliers = false);
