package dev.surge.query.console;

import dev.surge.http.ApiHandler;
import dev.surge.http.HttpErrors;
import dev.surge.http.RequestRejected;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/**
 * The console's pages: {@code /console/} and its few files, shipped in the jar, and {@code /}
 * sending a browser there. They are served without a key (see {@code RequiredScope}): they hold no
 * data, and the page asks for a read key before it calls the API.
 */
public final class ConsoleService implements HttpService {

    static final String PATH = "/console";

    private final ConsoleFiles files;

    public ConsoleService(ConsoleFiles files) {
        this.files = files;
    }

    /** The console as shipped in this jar. */
    public static ConsoleService fromClasspath() {
        return new ConsoleService(ConsoleFiles.fromClasspath());
    }

    @Override
    public void routing(HttpRules rules) {
        for (Method method : List.of(Method.GET, Method.HEAD)) {
            rules.route(method, "/", this::home)
                    .route(method, PATH, (req, res) -> redirect(res, PATH + "/"))
                    .route(method, PATH + "/", ApiHandler.of((req, res, correlationId) ->
                            serve(req, res, ConsoleFiles.INDEX)))
                    .route(method, PATH + "/{file}", ApiHandler.of((req, res, correlationId) ->
                            serve(req, res, req.path().pathParameters().get("file"))));
        }
        rules.any(PATH, HttpErrors.methodNotAllowed(Method.GET, Method.HEAD))
                .any(PATH + "/", HttpErrors.methodNotAllowed(Method.GET, Method.HEAD))
                .any(PATH + "/{file}", HttpErrors.methodNotAllowed(Method.GET, Method.HEAD));
    }

    /** A browser asking for the root gets the console; an API client keeps its JSON 404. */
    private void home(ServerRequest req, ServerResponse res) {
        boolean browser = req.headers().acceptedTypes().stream()
                .anyMatch(type -> type.mediaType().equals(MediaTypes.TEXT_HTML));
        if (browser) {
            redirect(res, PATH + "/");
        } else {
            res.next();
        }
    }

    private static void redirect(ServerResponse res, String location) {
        res.status(Status.SEE_OTHER_303).header(HeaderNames.LOCATION, location).send();
    }

    private void serve(ServerRequest req, ServerResponse res, String name) throws RequestRejected {
        ConsoleFiles.File file = files.get(name)
                .orElseThrow(() -> RequestRejected.notFound("no console file " + abbreviate(name)));
        SecurityHeaders.apply(res);
        res.header(HeaderNames.ETAG, file.etag());
        // Revalidated on every load: a new jar's console is seen at once, an unchanged one costs a 304.
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).filter(file.etag()::equals).isPresent()) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.headers().contentType(file.type());
        if (req.prologue().method() == Method.HEAD) {
            res.header(HeaderNames.CONTENT_LENGTH, Integer.toString(file.bytes().length)).send();
        } else {
            res.send(file.bytes());
        }
    }

    private static String abbreviate(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "...";
    }
}
