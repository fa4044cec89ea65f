using System.Text.Json;
using Workbench.ModelFolders;
using Workbench.ModelFolders.ChatTemplates;

namespace Workbench.Web.ModelFolders;

/// <summary>
/// Decides whether a path the user typed may be used as a Hugging Face model folder: absolute, no <c>..</c>,
/// canonical (links resolved, so a link cannot lead out of a root) and inside a <see cref="ModelRoots"/> root, an existing
/// folder with a config.json that <see cref="HuggingFaceModelInfo.Read"/> understands and whose dimensions match the
/// weights. Every file it opens passes <see cref="SafeFolderFile"/> (regular, bounded, inside the roots). Only config.json,
/// the tokenizer files and the safetensors headers are read.
/// </summary>
public sealed class ModelFolderValidator(ModelRoots roots)
{
    /// <param name="path">The path as given.</param>
    /// <param name="field">The field errors are reported on ("path", "teacher.path", ...).</param>
    public ModelFolderCheck Validate(string? path, string field = "path")
    {
        if (string.IsNullOrWhiteSpace(path)) return ModelFolderCheck.Refused(field, "Enter the absolute path of a model folder.");
        if (path.Contains('\0')) return ModelFolderCheck.Refused(field, "The path contains a NUL character.");
        if (!Path.IsPathFullyQualified(path)) return ModelFolderCheck.Refused(field, $"The path must be absolute (start with {Path.DirectorySeparatorChar}).");
        if (path.Split('/', '\\').Contains("..")) return ModelFolderCheck.Refused(field, "The path must not contain '..'.");

        string canonical;
        IReadOnlyList<string> allowed;
        try
        {
            canonical = CanonicalPath.Resolve(path);
            allowed = roots.Canonical();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return ModelFolderCheck.Refused(field, $"The path could not be resolved: {ex.Message}");
        }
        // Checked before anything is looked up, so the answers say nothing about files outside the roots.
        if (!allowed.Any(root => CanonicalPath.IsUnder(canonical, root)))
            return ModelFolderCheck.Refused(field, $"'{canonical}' is outside the model roots ({string.Join(", ", roots.Configured)}). " +
                                                   "Move the folder there, or add its parent to Workbench:ModelRoots in appsettings.json.");
        if (File.Exists(canonical)) return ModelFolderCheck.Refused(field, $"'{canonical}' is a file; choose the folder that holds config.json.");
        if (!Directory.Exists(canonical)) return ModelFolderCheck.Refused(field, $"The folder '{canonical}' does not exist.");
        if (!File.Exists(Path.Combine(canonical, HuggingFaceConfig.FileName)))
            return ModelFolderCheck.Refused(field, $"'{canonical}' has no {HuggingFaceConfig.FileName}; a Hugging Face model folder holds config.json and model.safetensors.");

        try
        {
            // Every file a reader may open, links resolved, must be a regular file inside the roots: checked before any is read.
            SafeFolderFile.CheckFolder(canonical, allowed);
            var info = HuggingFaceModelInfo.Read(canonical);
            ChatPromptFormat.Of(canonical);   // renders the chat template once, within its time and output bounds
            return new ModelFolderCheck(canonical, info, null);
        }
        catch (ChatTemplateException ex)
        {
            return ModelFolderCheck.Refused(field, $"The folder's chat template cannot be used: {ex.Message}");
        }
        catch (NotSupportedException ex)
        {
            return ModelFolderCheck.Refused(field, ex.Message);
        }
        // Every way a folder's files can be unreadable or malformed; each means "not usable", said with the reason.
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException or JsonException
                                       or InvalidOperationException or ArgumentException or FormatException)
        {
            return ModelFolderCheck.Refused(field, $"The model folder could not be read: {ex.Message}");
        }
    }
}
