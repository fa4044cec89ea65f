using System.Text.Json;

namespace Workbench.Training.Trainer.TeacherStore;

/// <summary>What a store file says about itself, for the Caches page: the teacher, the data's size, k, T and the value type.</summary>
public sealed record LogitStoreDescription(string Teacher, int Sequences, long Positions, int K, double Temperature, string Values,
                                           int VocabSize, DateTime CreatedUtc)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
