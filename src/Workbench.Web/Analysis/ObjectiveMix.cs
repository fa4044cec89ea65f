using System.Globalization;
using System.Text;

namespace Workbench.Web.Analysis;

/// <summary>
/// The weighted training objective a run optimises, read from its flattened config: every <c>objectives[i].*</c> key
/// (kind, weight, temperature, ...) and every <c>leaf.*</c> key (LeaF adds its counterfactual terms to the loss).
/// </summary>
public static class ObjectiveMix
{
    /// <summary>Canonical text of the mix: equal texts mean the same objective.</summary>
    public static string Signature(IReadOnlyDictionary<string, object?> config)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in config.Where(kv => IsObjectiveKey(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            text.Append(key).Append('=').Append(ConfigFlattener.Format(value)).Append(';');
        return text.ToString();
    }

    /// <summary>"0.5·cross_entropy + 1·forward_kl" (weight 1 when the config leaves it out), with "+ LeaF" for LeaF runs.</summary>
    public static string Describe(IReadOnlyDictionary<string, object?> config)
    {
        var terms = new List<string>();
        for (var i = 0; config.TryGetValue($"objectives[{i}].kind", out var kind); i++)
        {
            var weight = config.TryGetValue($"objectives[{i}].weight", out var w) && w is double d ? d : 1;
            terms.Add($"{weight.ToString("0.###", CultureInfo.InvariantCulture)}·{kind}");
        }
        if (config.Keys.Any(k => k.StartsWith("leaf.", StringComparison.Ordinal))) terms.Add("LeaF");
        return string.Join(" + ", terms);
    }

    private static bool IsObjectiveKey(string key) =>
        key.StartsWith("objectives[", StringComparison.Ordinal) || key.StartsWith("leaf.", StringComparison.Ordinal);
}
