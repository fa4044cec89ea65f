using System.Globalization;

namespace Workbench.Web.Components.Controls;

/// <summary>
/// The colour of a token the student wrote, by the teacher's log-probability of it: red at <see cref="Floor"/> nats or below
/// (the teacher would almost never write it), through yellow, to green at 0 (the teacher agrees). Grey without a score.
/// </summary>
public static class PolicyTokenScale
{
    /// <summary>log p at and below which a token is fully red (p ≈ 0.0025).</summary>
    public const double Floor = -6;

    private const double GreenHue = 130;

    /// <summary>A CSS background colour for <paramref name="logProb"/>.</summary>
    public static string Background(double? logProb) => logProb is { } lp
        ? string.Create(CultureInfo.InvariantCulture, $"hsl({Hue(lp):0}, 75%, 82%)")
        : "hsl(0, 0%, 88%)";

    /// <summary>Hue in degrees: 0 (red) at <see cref="Floor"/> and below, <see cref="GreenHue"/> (green) at 0.</summary>
    public static double Hue(double logProb) => GreenHue * (1 - Math.Clamp(logProb, Floor, 0) / Floor);

    /// <summary>The legend's gradient, the same scale from <see cref="Floor"/> to 0.</summary>
    public static string LegendGradient { get; } =
        $"linear-gradient(to right, {Background(Floor)}, {Background(Floor / 2)}, {Background(0)})";

    /// <summary>What hovering a token shows: its log-probability and probability under the teacher.</summary>
    public static string Tooltip(double? logProb) => logProb is { } lp
        ? string.Create(CultureInfo.InvariantCulture, $"teacher log p = {lp:0.00} (p = {Math.Exp(lp):0.000})")
        : "no teacher score";
}
