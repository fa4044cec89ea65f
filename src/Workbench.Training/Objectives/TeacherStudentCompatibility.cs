using Workbench.Experiments;
using Workbench.Training.Models;

namespace Workbench.Training.Objectives;

/// <summary>
/// Checks a teacher/student pair against a run's objectives before step 1 (issue 3, item 5; objectives.md §0
/// vocabulary gate, §4.1 layer mapping, §4.4 relation heads, §5.1 projection):
/// <list type="bullet">
/// <item>the same tokenizer and V (error on <c>teacher</c>): logit terms compare distributions over the same ids, feature
/// terms compare the same positions, and the eval compares the teacher's predictions with the student's. A teacher with more
/// (padding) rows over the same tokenizer is allowed: its logits are cut to the student's V (<see cref="Models.VocabularyPrefix"/>);</item>
/// <item>layer maps must resolve against both depths (error on <c>objectives[i].layerMap</c>); the pairs are noted;</item>
/// <item>value-relation heads must divide both value widths (error on <c>objectives[i].relationHeads</c>);</item>
/// <item>differing widths for hidden-state and ND terms are resolved by a learned projection, and differing head counts
/// for attention transfer by head averaging (notes, not errors).</item>
/// </list>
/// </summary>
public static class TeacherStudentCompatibility
{
    /// <param name="canReadOwnTokens">
    /// The run has the dataset in the teacher's tokenization too, so cross-tokenizer terms (<see cref="ObjectiveDescriptor.WorksAcrossTokenizers"/>)
    /// may compare a teacher of another tokenizer; false (LeaF, which feeds both models the same ids) refuses any other tokenizer.
    /// </param>
    public static CompatibilityReport Check(ModelShape teacher, string teacherTokenizerId, ModelShape student, string studentTokenizerId,
                                            IReadOnlyList<ObjectiveTerm> objectives, bool canReadOwnTokens = false)
    {
        var errors = new List<ValidationError>();
        var notes = new List<string>();
        // Checked even without teacher terms: a loaded teacher is also compared with the student at every eval.
        var teacherTerms = objectives.Where(o => ObjectiveKinds.NeedsTeacher(o.Kind)).Select(o => o.Kind).ToArray();
        var acrossTokenizers = canReadOwnTokens && teacherTerms.Length > 0
                               && teacherTerms.All(kind => ObjectiveDescriptors.Get(kind).WorksAcrossTokenizers);
        if (teacherTokenizerId != studentTokenizerId && acrossTokenizers)
            notes.Add($"The teacher uses tokenizer '{teacherTokenizerId}' (V = {teacher.VocabSize}) and the student '{studentTokenizerId}' (V = {student.VocabSize}): " +
                      $"{string.Join(", ", teacherTerms)} compare them over each one's own tokens; eval compares no teacher predictions.");
        else if (teacherTokenizerId == studentTokenizerId && teacher.VocabSize > student.VocabSize)
            notes.Add($"The teacher's embedding has {teacher.VocabSize} rows and the student's {student.VocabSize} over the same tokenizer: " +
                      $"the teacher's logits are cut to the first {student.VocabSize} ids (the rest are padding, never a token).");
        else if (teacherTokenizerId != studentTokenizerId || teacher.VocabSize != student.VocabSize)
            errors.Add(new("teacher",
                $"The teacher uses tokenizer '{teacherTokenizerId}' (V = {teacher.VocabSize}); this run uses '{studentTokenizerId}' (V = {student.VocabSize}). " +
                $"Teacher and student need the same vocabulary{(teacherTerms.Length > 0 ? $" for {string.Join(", ", teacherTerms)}" : " to be compared")}" +
                $" (only {string.Join(" and ", ObjectiveDescriptors.All.Where(d => d.Reads == ObjectiveInput.AlignedLogits).Select(d => d.Name))}, with cross_entropy, work across tokenizers)."));

        for (var i = 0; i < objectives.Count; i++)
        {
            var term = objectives[i];
            if (!ObjectiveKinds.IsFeature(term.Kind)) continue;
            var field = $"objectives[{i}]";
            if (ObjectiveKinds.UsesLayerMap(term.Kind)) CheckLayerMap(term, field, teacher, student, errors, notes);
            switch (term.Kind)
            {
                case ObjectiveKinds.AttentionTransfer when student.Heads != teacher.Heads:
                    notes.Add($"{term.Kind}: {student.Heads} student heads vs {teacher.Heads} teacher heads, {AttentionTransferObjective.HeadMatching(student.Heads, teacher.Heads)}.");
                    break;
                case ObjectiveKinds.ValueRelation:
                    var heads = term.RelationHeads ?? ValueRelationObjective.DefaultRelationHeads(student, teacher);
                    if (ValueRelationObjective.CheckRelationHeads(heads, student, teacher) is { } error) errors.Add(new($"{field}.relationHeads", error));
                    else notes.Add($"{term.Kind}: {heads} relation heads.");
                    break;
                case ObjectiveKinds.HiddenMse or ObjectiveKinds.HiddenCosine or ObjectiveKinds.Nd when student.Width != teacher.Width:
                    notes.Add($"{term.Kind}: a learned projection maps the student's width {student.Width} to the teacher's {teacher.Width}; it trains with the student and is not saved with it.");
                    break;
            }
        }
        return new CompatibilityReport(errors, notes);
    }

    private static void CheckLayerMap(ObjectiveTerm term, string field, ModelShape teacher, ModelShape student, List<ValidationError> errors, List<string> notes)
    {
        var map = term.LayerMap ?? ObjectiveKinds.DefaultLayerMap(term.Kind) ?? ObjectiveTerm.LayerMapLast;
        var hidden = term.Kind is ObjectiveKinds.HiddenMse or ObjectiveKinds.HiddenCosine;
        var (pairs, error) = LayerMapping.TryResolve(map, student.Layers, teacher.Layers, allowEmbeddings: hidden);
        if (error is not null)
        {
            errors.Add(new($"{field}.layerMap", error));
            return;
        }
        var unmapped = Enumerable.Range(1, teacher.Layers).Except(pairs.Select(p => p.Teacher)).Count();
        notes.Add($"{term.Kind}: layer map '{map}' compares student→teacher {(hidden ? "hidden states" : "layers")} {string.Join(", ", pairs)}" +
                  $" ({student.Layers} vs {teacher.Layers} layers; {unmapped} teacher layers not compared).");
    }
}
