import { describe, expect, it } from 'vitest';
import { minifyText } from '../../electron/core/optimize/text/index';
import { OptimizeError } from '../../electron/core/optimize/types';

const text = async (source: string, filename: string): Promise<string> => (await minifyText(Buffer.from(source), filename)).bytes.toString();

describe('minifyText: CSS', () => {
  it('minifies with lightningcss and leaves url() and @import alone', async () => {
    const css = '@import url("base.css");\n.a  {  color : #ff0000 ;  background: url(../img/a.png) }\n\n/* note */\n.b { margin: 0px 0px 0px 0px }\n';
    const result = await minifyText(Buffer.from(css), 'app.css');
    expect(result.bytes.toString()).toBe('@import "base.css";.a{color:red;background:url(../img/a.png)}.b{margin:0}');
    expect(result.report).toMatchObject({ format: 'css', kept: false, originalBytes: css.length, outputBytes: result.bytes.length, notes: [] });
  });

  it('falls back to esbuild, with a note, when lightningcss rejects the stylesheet', async () => {
    // The IE7 star hack: lightningcss refuses it, browsers and esbuild take it.
    const result = await minifyText(Buffer.from('.clearfix {  *zoom: 1;  color: red;  }\n.b { color: blue }\n'), 'legacy.css');
    expect(result.bytes.toString()).toBe('.clearfix{*zoom: 1;color:red}.b{color:#00f}');
    expect(result.report.notes[0]).toMatch(/^Minified with esbuild because lightningcss it failed/);
  });
});

describe('minifyText: HTML', () => {
  it('keeps Django template tags, variables and comments intact', async () => {
    const html = `{% extends "base.html" %}
{% load static %}
<!-- dropped -->
{# a Django comment stays #}
<div   class="card {% if active %}active{% endif %}">
   <p>Hello,   {{ user.name|default:"you" }}  !</p>
   <a href="{% url 'home' %}">home</a>
   <img src="{% static 'img/logo.png' %}" alt="">
   <pre>  keep
     this  </pre>
   <script>var items = [{% for i in items %}"{{ i }}",{% endfor %}];</script>
</div>
{% block content %}{% endblock %}`;
    const out = await text(html, 'page.html');
    for (const fragment of [
      '{% extends "base.html" %}',
      '{% load static %}',
      '{# a Django comment stays #}',
      'class="card {% if active %}active{% endif %}"',
      '{{ user.name|default:"you" }}',
      `href="{% url 'home' %}"`,
      `src="{% static 'img/logo.png' %}"`,
      '<pre>  keep\n     this  </pre>',
      '[{% for i in items %}"{{ i }}",{% endfor %}]',
      '{% block content %}{% endblock %}',
    ]) {
      expect(out).toContain(fragment);
    }
    expect(out).not.toContain('dropped');
    // Whitespace between inline content collapses to one space, never to none.
    expect(out).toContain('<p>Hello, {{ user.name|default:"you" }} !</p> <a');
  });

  it('reports HTML it cannot parse', async () => {
    await expect(minifyText(Buffer.from('<div><p>unclosed <span'), 'bad.html')).rejects.toThrow(OptimizeError);
  });
});

describe('minifyText: JSON', () => {
  it('removes whitespace only, keeping numbers a double cannot hold', async () => {
    const json = '{\n  "big": 18446744073709551617,\n  "tiny": 1e400,\n  "text": "a  b \\" {\\n} ",\n  "list": [ 1, 2.50 ]\n}\n';
    const out = await text(json, 'data.json');
    expect(out).toBe('{"big":18446744073709551617,"tiny":1e400,"text":"a  b \\" {\\n} ","list":[1,2.50]}');
    expect(JSON.parse(out)).toEqual(JSON.parse(json));
  });

  it('rejects invalid JSON with an OptimizeError', async () => {
    await expect(minifyText(Buffer.from('{"a": 1,}'), 'bad.json')).rejects.toThrow(/bad\.json is not valid JSON/);
    await expect(minifyText(Buffer.from('{"a": 1,}'), 'bad.json')).rejects.toBeInstanceOf(OptimizeError);
  });
});

describe('minifyText: SVG', () => {
  const svg = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generator: Editor 1.0 -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100" viewBox="0 0 100 100">
  <title>Company logo</title>
  <defs>
    <linearGradient id="brandGradient"><stop offset="0" stop-color="#ff0000"/><stop offset="1" stop-color="#0000ff"/></linearGradient>
  </defs>
  <g id="unusedGroup">
    <rect id="background" x="0" y="0" width="100" height="100" fill="url(#brandGradient)"/>
  </g>
</svg>
`;

  it('keeps viewBox, <title> and referenced IDs (unrenamed); drops unreferenced IDs', async () => {
    const out = await text(svg, 'logo.svg');
    expect(out).toContain('viewBox="0 0 100 100"');
    expect(out).toContain('<title>Company logo</title>');
    expect(out).toContain('<linearGradient id="brandGradient">');
    expect(out).toContain('url(#brandGradient)');
    expect(out).not.toContain('unusedGroup');
    expect(out).not.toContain('id="background"');
    expect(out).not.toContain('Generator');
    expect(out.length).toBeLessThan(svg.length);
  });

  it('keeps every symbol and ID of a sprite sheet, which only other files reference', async () => {
    const sprite = `<svg xmlns="http://www.w3.org/2000/svg">
  <defs><linearGradient id="shine"><stop offset="0" stop-color="#ffffff"/></linearGradient></defs>
  <symbol id="icon-star" viewBox="0 0 10 10"><path id="star-path" d="M 5.000 0.000 L 10.000 10.000 L 0.000 10.000 Z"/></symbol>
  <symbol id="icon-dot" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5"/></symbol>
</svg>
`;
    const out = await text(sprite, 'icons.svg');
    for (const id of ['shine', 'icon-star', 'star-path', 'icon-dot']) expect(out).toContain(`id="${id}"`);
    expect(out).toContain('<symbol id="icon-star" viewBox="0 0 10 10">');
    expect(out.length).toBeLessThan(sprite.length);
  });
});

describe('minifyText: the rules for every format', () => {
  it('never returns more bytes than it was given', async () => {
    const tiny = Buffer.from('a{b:c}');
    const result = await minifyText(tiny, 'tiny.css');
    expect(result.bytes).toBe(tiny);
    expect(result.report.kept).toBe(true);
    expect(result.report.outputBytes).toBe(tiny.length);
    expect(result.report.notes.at(-1)).toMatch(/not smaller/);
  });

  it('keeps a byte order mark', async () => {
    const result = await minifyText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('.a {  color: red  }\n')]), 'bom.css');
    expect([...result.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(result.bytes.subarray(3).toString()).toBe('.a{color:red}');
  });

  it('refuses formats it does not minify and text that is not UTF-8', async () => {
    await expect(minifyText(Buffer.from('x'), 'notes.txt')).rejects.toThrow(/Porter minifies only/);
    await expect(minifyText(Buffer.from([0x2e, 0x61, 0x7b, 0xe9, 0x7d]), 'latin1.css')).rejects.toThrow(/not UTF-8/);
  });
});
