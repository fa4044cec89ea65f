using System.Globalization;

namespace Workbench.Web.Components.Pages;

/// <summary>Lenient parsing of numbers from a page's query string: anything that is not a finite number counts as absent.</summary>
public static class QueryNumber
{
    public static int? Int(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static double? Double(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;
}
