using Workbench.Web.Extensions;
using Workbench.Web.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = ContentRootLocator.Find(),
});
builder.AddWorkbenchServices();

var app = builder.Build();
await app.InitializeDatabaseAsync();
app.MapWorkbench();
app.Run();

public partial class Program;
