namespace Workbench.Web.Forms;

/// <summary>The groups of the New run form, in page order. Fields of list items (objectives, evaluation sets) repeat per item.</summary>
public enum ConfigSection
{
    General,
    Teacher,
    Student,
    Objective,
    Leaf,
    Data,
    TeacherStore,
    EvalSet,
    Training,
    Optimizer,
}
