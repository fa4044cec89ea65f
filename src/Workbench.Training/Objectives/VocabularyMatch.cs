using Workbench.Training.Data;
using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>
/// The ids of two vocabularies whose tokens are the same string (docs/objectives-cross-tokenizer.md §2.3): first exact matches,
/// then matches after leading whitespace is dropped (a byte-level BPE writes "ann" after a space as " ann", a word vocabulary as
/// "ann"), one to one, plus end-of-sequence ↔ end-of-sequence. <see cref="StudentIds"/>[i] and <see cref="TeacherIds"/>[i] are
/// a pair. Tokens that decode to nothing or to a broken byte (U+FFFD) match nothing.
/// </summary>
public sealed class VocabularyMatch
{
    private readonly Dictionary<string, (Tensor Student, Tensor Teacher)> _onDevice = [];   // by device name: Device has no value equality

    public VocabularyMatch(IReadOnlyList<int> studentIds, IReadOnlyList<int> teacherIds)
    {
        if (studentIds.Count != teacherIds.Count) throw new ArgumentException("Each matched student id needs one teacher id.");
        StudentIds = studentIds;
        TeacherIds = teacherIds;
    }

    public IReadOnlyList<int> StudentIds { get; }
    public IReadOnlyList<int> TeacherIds { get; }
    public int Count => StudentIds.Count;

    /// <summary>The pairs as int64 index tensors on <paramref name="device"/>, made once per device and kept for the run.</summary>
    public (Tensor Student, Tensor Teacher) On(Device device)
    {
        lock (_onDevice)
        {
            if (!_onDevice.TryGetValue(device.ToString(), out var ids))
            {
                ids = (tensor(StudentIds.Select(i => (long)i).ToArray(), dtype: ScalarType.Int64, device: device).DetachFromDisposeScope(),
                       tensor(TeacherIds.Select(i => (long)i).ToArray(), dtype: ScalarType.Int64, device: device).DetachFromDisposeScope());
                _onDevice[device.ToString()] = ids;
            }
            return ids;
        }
    }

    /// <summary>Matches the token strings of two tokenizers (ids below each one's <see cref="IRunTokenizer.VocabSize"/>).</summary>
    public static VocabularyMatch Between(IRunTokenizer student, IRunTokenizer teacher) =>
        Between(Strings(student), student.EosId, Strings(teacher), teacher.EosId);

    /// <summary>Matches two id → string tables; null strings never match.</summary>
    public static VocabularyMatch Between(IReadOnlyList<string?> student, int studentEos, IReadOnlyList<string?> teacher, int teacherEos)
    {
        var pairs = new List<(int Student, int Teacher)> { (studentEos, teacherEos) };
        var usedS = new HashSet<int> { studentEos };
        var usedT = new HashSet<int> { teacherEos };
        foreach (var normalize in new Func<string, string>[] { s => s, s => s.TrimStart() })
        {
            var byString = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var id = 0; id < student.Count; id++)
                if (!usedS.Contains(id) && student[id] is { } text && normalize(text) is { Length: > 0 } key) byString.TryAdd(key, id);
            for (var id = 0; id < teacher.Count; id++)
            {
                if (usedT.Contains(id) || teacher[id] is not { } text || normalize(text) is not { Length: > 0 } key) continue;
                if (!byString.Remove(key, out var sid) || !usedS.Add(sid)) continue;
                usedT.Add(id);
                pairs.Add((sid, id));
            }
        }
        pairs.Sort();
        return new VocabularyMatch([.. pairs.Select(p => p.Student)], [.. pairs.Select(p => p.Teacher)]);
    }

    private static string?[] Strings(IRunTokenizer tokenizer) =>
        [.. Enumerable.Range(0, tokenizer.VocabSize).Select(id => Usable(tokenizer.Decode([id])))];

    private static string? Usable(string text) => text.Length == 0 || text.Contains('\uFFFD') ? null : text;
}
