using System.Collections;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Experiments.Leaf;
using Workbench.Web.Forms;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Forms;

public sealed class ConfigFieldsTests
{
    private static readonly Type[] s_configTypes = [typeof(RunConfig), typeof(ModelRef), typeof(ObjectiveTerm), typeof(LeafConfig), typeof(EvalSet), typeof(DataConfig)];

    // When RunConfig gains a field, this fails until FullConfigs sets it (and then the next test, until the form has a row).
    [Fact]
    public void FullConfigs_SetEveryPropertyOfTheConfigRecords_ToANonDefaultValue()
    {
        var expected = s_configTypes.SelectMany(t => RunConfigJson.Options.GetTypeInfo(t).Properties.Select(p => $"{t.Name}.{p.Name}")).ToHashSet();
        var set = new HashSet<string>();
        foreach (var config in FullConfigs.All) Collect(config, set);
        Assert.Empty(expected.Except(set).Order());
    }

    [Fact]
    public void Covers_EveryValueOfTheFullConfigs()
    {
        foreach (var config in FullConfigs.All)
        {
            var json = JsonSerializer.SerializeToNode(config, RunConfigJson.Options)!.AsObject();
            Assert.Empty(ConfigDraftFields.Uncovered(json));
            Assert.All(ConfigDraftFields.Leaves(json), p => Assert.True(ConfigFields.Covers(ConfigPath.Pattern(p)), p));
        }
    }

    [Fact]
    public void Rows_PathsAreUniqueAndElementIdsDistinct()
    {
        Assert.Equal(ConfigFields.All.Count, ConfigFields.All.Select(f => f.Path).Distinct().Count());
        Assert.Equal(ConfigFields.All.Count, ConfigFields.All.Select(f => ConfigPath.ElementId(f.Path)).Distinct().Count());
    }

    private static void Collect(object record, HashSet<string> set)
    {
        var type = record.GetType();
        var blank = type == typeof(EvalSet) ? RuntimeHelpers.GetUninitializedObject(type) : Activator.CreateInstance(type)!;
        foreach (var property in RunConfigJson.Options.GetTypeInfo(type).Properties)
        {
            var member = (System.Reflection.PropertyInfo)property.AttributeProvider!;
            var value = member.GetValue(record);
            if (JsonSerializer.Serialize(value, RunConfigJson.Options) != JsonSerializer.Serialize(member.GetValue(blank), RunConfigJson.Options))
                set.Add($"{type.Name}.{property.Name}");
            foreach (var child in value is IEnumerable list and not string ? list.Cast<object>() : [value!])
                if (child is not null && s_configTypes.Contains(child.GetType())) Collect(child, set);
        }
    }
}
