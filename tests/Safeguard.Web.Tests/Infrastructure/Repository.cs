namespace Safeguard.Web.Tests.Infrastructure;

public static class Repository
{
    /// <summary>The checkout the tests run from (the folder holding Safeguard.slnx).</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Safeguard.slnx"))) return dir.FullName;
        throw new InvalidOperationException("The tests run outside the checkout.");
    }
}
