using System.Text.Json;

namespace Workbench.Experiments.TeacherStores;

/// <summary>What a store file says about itself, for the Caches page: the teacher, the data's size, k, T and the value type.</summary>
public sealed record LogitStoreDescription(string Teacher, int Sequences, long Positions, int K, double Temperature, string Values,
                                           int VocabSize, DateTime CreatedUtc)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
