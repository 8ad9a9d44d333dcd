#!/usr/bin/env python3
# The SMEV 3 transform (urn://smev-gov-ru/xmldsig/transform, "Методические
# рекомендации по работе с ЕСМЭВ" 3.4.0.3) of the element whose Id attribute
# is ID, written to stdout as UTF-8. Test tooling only: it made
# rtlabs_2021-12-27.SIGNED_BY_SMEV.smev-transform, so that a test can check
# that the stored DigestValue is the Streebog-256 of these bytes as is.
# gostverify itself does not implement the transform.
#
#   python3 smev_transform.py rtlabs_2021-12-27.xml SIGNED_BY_SMEV > out
#
# The rules, as the methodical recommendations state them: processing
# instructions and the XML declaration are dropped; text nodes of white space
# only are dropped; every element and qualified attribute gets the prefix
# nsN, N counting from 1 over the fragment, declared on the element where a
# namespace is first needed and not already declared above it; other
# namespace declarations are dropped; attributes are sorted by namespace URI
# (unqualified ones last) and then local name; empty elements are written
# with a start and an end tag. The exclusive C14N that precedes it in the
# Reference changes nothing this script's output depends on.
import sys
import xml.sax
from xml.sax.saxutils import escape


class Transform(xml.sax.ContentHandler):
    def __init__(self, target_id):
        super().__init__()
        self.out, self.text, self.stack = [], [], []
        self.on, self.depth, self.count, self.target = False, 0, 0, target_id

    def flush(self):
        t = ''.join(self.text)
        self.text = []
        if self.on and t.strip():
            self.out.append(escape(t))

    def lookup(self, uri):
        for m in reversed(self.stack):
            if uri in m:
                return m[uri]
        return None

    def startElementNS(self, name, qname, attrs):
        self.flush()
        if not self.on and attrs.get((None, 'Id')) == self.target:
            self.on, self.depth = True, 0
        if not self.on:
            return
        self.depth += 1
        mapping, decls = {}, []
        self.stack.append(mapping)

        def prefix(uri):
            p = self.lookup(uri)
            if p is None:
                self.count += 1
                p = 'ns%d' % self.count
                mapping[uri] = p
                decls.append((p, uri))
            return p

        uri, local = name
        tag = prefix(uri) + ':' + local if uri else local
        attrs_sorted = sorted(attrs.items(), key=lambda kv: (kv[0][0] is None, kv[0][0] or '', kv[0][1]))
        written = []
        for (auri, alocal), value in attrs_sorted:
            aname = prefix(auri) + ':' + alocal if auri else alocal
            written.append(' %s="%s"' % (aname, escape(value, {'"': '&quot;'})))
        self.out.append('<' + tag + ''.join(' xmlns:%s="%s"' % d for d in decls) + ''.join(written) + '>')
        mapping['\0tag'] = tag

    def endElementNS(self, name, qname):
        self.flush()
        if not self.on:
            return
        self.out.append('</' + self.stack.pop()['\0tag'] + '>')
        self.depth -= 1
        if self.depth == 0:
            self.on = False

    def characters(self, content):
        self.text.append(content)


parser = xml.sax.make_parser()
parser.setFeature(xml.sax.handler.feature_namespaces, True)
handler = Transform(sys.argv[2])
parser.setContentHandler(handler)
parser.parse(sys.argv[1])
sys.stdout.buffer.write(''.join(handler.out).encode('utf-8'))
