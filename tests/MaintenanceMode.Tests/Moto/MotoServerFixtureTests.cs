using System.IO;

namespace MaintenanceMode.Tests.Moto
{
    public class MotoServerFixtureTests
    {
        [Fact]
        public async Task Without_moto_server_on_the_path_it_says_how_to_install_it()
        {
            string emptyDirectory = Directory.CreateTempSubdirectory("no-moto-").FullName;
            try
            {
                var fixture = new MotoServerFixture(emptyDirectory);

                var error = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.InitializeAsync());

                Assert.Equal("moto_server was not found; install it with: pip install \"moto[server]\"", error.Message);
                await fixture.DisposeAsync();
            }
            finally
            {
                Directory.Delete(emptyDirectory);
            }
        }
    }
}
