using Workbench.Experiments;
using Workbench.ModelFolders;

namespace Workbench.Web.ModelFolders;

/// <summary>The outcome of <see cref="ModelFolderValidator.Validate"/>: the canonical path and what the folder holds, or the error.</summary>
public sealed record ModelFolderCheck(string? Path, HuggingFaceModelInfo? Info, ValidationError? Error)
{
    public static ModelFolderCheck Refused(string field, string message) => new(null, null, new ValidationError(field, message));
}
