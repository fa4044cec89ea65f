using Workbench.Experiments;
using Workbench.Experiments.Validation;

namespace Workbench.Web.Api;

/// <summary>Limits on what PATCH /api/runs/{id} may store: at most 100 printable tags of 64 characters, notes up to 64 KB.</summary>
public static class RunTrackingUpdateValidator
{
    public const int MaxTags = 100;
    public const int MaxTagLength = 64;
    public const int MaxNotesLength = 64 * 1024;

    public static IReadOnlyList<ValidationError> Validate(RunTrackingUpdate? update)
    {
        var errors = new List<ValidationError>();
        if (update is null)
        {
            errors.Add(new("body", "Send an object with tags, notes or archived."));
            return errors;
        }
        if (update.Tags is { } tags)
        {
            if (tags.Count > MaxTags) errors.Add(new("tags", $"At most {MaxTags} tags."));
            for (var i = 0; i < tags.Count && errors.Count < 20; i++)
            {
                if (tags[i] is not { } tag) errors.Add(new($"tags[{i}]", "A tag must be text, not null."));
                else if (tag.Length > MaxTagLength) errors.Add(new($"tags[{i}]", $"A tag may have at most {MaxTagLength} characters."));
                else if (DisplayText.Problem(tag) is { } problem) errors.Add(new($"tags[{i}]", problem));
            }
        }
        if (update.Notes is { } notes)
        {
            if (notes.Length > MaxNotesLength) errors.Add(new("notes", $"Notes may have at most {MaxNotesLength / 1024} KB."));
            else if (DisplayText.Problem(notes, allowLineBreaks: true) is { } problem) errors.Add(new("notes", problem));
        }
        return errors;
    }
}
