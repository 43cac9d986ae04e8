package org.unveil.probe.evidence;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;

/** The one registry of evidence extractors: every response goes through each of them, in this order. */
public final class Extractors {
    private final List<Extractor> all;

    /** The registry with the user's extra id headers and, if not null, the body pattern. */
    public Extractors(List<String> idHeaders, Pattern idRegex) {
        List<Extractor> list = new ArrayList<>();
        list.add(new IdHeaders(idHeaders));
        if (idRegex != null) {
            list.add(new BodyId(idRegex));
        }
        list.add(new BigIpCookie());
        list.add(new HaproxyCookie());
        list.add(new JsessionRoute());
        list.add(new CitrixCookie());
        list.add(new AnyCookie());
        list.add(new ETagParts());
        list.add(new HeaderSet());
        list.add(new TlsHandshake());
        list.add(new DateClock());
        this.all = List.copyOf(list);
    }

    /** The extractors' names, in order. */
    public List<String> names() {
        return all.stream().map(Extractor::name).toList();
    }

    /** Everything every extractor finds in {@code reply}. */
    public List<Evidence> extract(Reply reply) {
        List<Evidence> out = new ArrayList<>();
        for (Extractor e : all) {
            e.extract(reply, out);
        }
        return out;
    }
}
