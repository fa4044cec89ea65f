using System.Text.Json;

namespace Workbench.Experiments.TeacherStores;

/// <summary>
/// What a store file says about itself, for the Caches page: the teacher, the data's size, k, T, the value type and the
/// teacher forward's arithmetic (null, as in files written before it was recorded: fp32; "bf16": under bf16 autocast).
/// </summary>
public sealed record LogitStoreDescription(string Teacher, int Sequences, long Positions, int K, double Temperature, string Values,
                                           int VocabSize, DateTime CreatedUtc, string? TeacherForward = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
