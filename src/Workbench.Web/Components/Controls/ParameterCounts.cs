using System.Globalization;

namespace Workbench.Web.Components.Controls;

/// <summary>Parameter counts as people say them: 950, 5.7K, 12.3M, 1.5B.</summary>
public static class ParameterCounts
{
    public static string Short(long count) => count switch
    {
        < 1_000 => count.ToString(CultureInfo.InvariantCulture),
        < 999_950 => Scaled(count, 1e3, "K"),
        < 999_950_000 => Scaled(count, 1e6, "M"),
        < 999_950_000_000 => Scaled(count, 1e9, "B"),
        _ => Scaled(count, 1e12, "T"),
    };

    private static string Scaled(long count, double unit, string suffix) =>
        (count / unit).ToString("0.#", CultureInfo.InvariantCulture) + suffix;
}
