using System.Globalization;
using System.Text;

namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>Python's <c>datetime.strftime</c> for the C-locale directives (Llama 3.x templates call <c>strftime_now("%d %b %Y")</c>).</summary>
internal static class PythonStrftime
{
    public static string Format(DateTimeOffset time, string format)
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 == format.Length) { text.Append(format[i]); continue; }
            var directive = format[++i];
            text.Append(directive switch
            {
                'd' => time.ToString("dd", invariant),
                'm' => time.ToString("MM", invariant),
                'y' => time.ToString("yy", invariant),
                'Y' => time.ToString("yyyy", invariant),
                'b' => time.ToString("MMM", invariant),
                'B' => time.ToString("MMMM", invariant),
                'a' => time.ToString("ddd", invariant),
                'A' => time.ToString("dddd", invariant),
                'H' => time.ToString("HH", invariant),
                'I' => time.ToString("hh", invariant),
                'M' => time.ToString("mm", invariant),
                'S' => time.ToString("ss", invariant),
                'p' => time.Hour < 12 ? "AM" : "PM",
                'j' => time.DayOfYear.ToString("000", invariant),
                'w' => ((int)time.DayOfWeek).ToString(invariant),
                '%' => "%",
                _ => throw new NotSupportedException($"strftime directive '%{directive}' is not supported."),
            });
        }
        return text.ToString();
    }
}
