namespace Intranet.Blog.Tests.Support;

/// One app on its own temporary database per test class; tests build their own rows with unique names.
public abstract class AppFixture
{
    protected BlogAppFactory App { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartApp() => App = new BlogAppFactory();

    [OneTimeTearDown]
    public async Task StopApp() => await App.DisposeAsync();
}
