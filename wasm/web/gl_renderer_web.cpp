// WebGL2 renderer for ImDrawData. 32-bit indices (ImDrawIdx is unsigned int in this build):
// WebGL has no base-vertex draws, and a long form can pass 65536 vertices.
#include "gl_renderer_web.hpp"

#include <GLES3/gl3.h>

namespace deltag::widget {

namespace {

const char* vertex_shader = R"(#version 300 es
precision highp float;
layout(location = 0) in vec2 pos;
layout(location = 1) in vec2 uv;
layout(location = 2) in vec4 color;
layout(location = 3) in vec4 to_clip; // scale xy, offset zw: a constant attribute, not a uniform
out vec2 v_uv;
out vec4 v_color;
void main() { v_uv = uv; v_color = color; gl_Position = vec4(pos * to_clip.xy + to_clip.zw, 0.0, 1.0); }
)";

const char* fragment_shader = R"(#version 300 es
precision mediump float;
uniform sampler2D tex;
in vec2 v_uv;
in vec4 v_color;
out vec4 out_color;
void main() { out_color = vec4(v_color.rgb, v_color.a * texture(tex, v_uv).r); }
)";

unsigned compile(unsigned type, const char* src) {
    unsigned s = glCreateShader(type);
    glShaderSource(s, 1, &src, nullptr);
    glCompileShader(s);
    return s;
}

} // namespace

bool GlRenderer::init() {
    static_assert(sizeof(ImDrawIdx) == 4, "build ImGui with ImDrawIdx=unsigned int");
    const unsigned vs = compile(GL_VERTEX_SHADER, vertex_shader);
    const unsigned fs = compile(GL_FRAGMENT_SHADER, fragment_shader);
    program_ = glCreateProgram();
    glAttachShader(program_, vs);
    glAttachShader(program_, fs);
    glLinkProgram(program_);
    glFlush(); // the GPU side starts compiling now, while the App parses its data
    glDeleteShader(vs);
    glDeleteShader(fs);
    // Nothing is asked of the program: a link status or a uniform location is a round trip that
    // waits for the browser's GPU side to compile and link (measured 16-37 ms in the widget's
    // first frame with SwiftShader), while draws queue without waiting. So no uniforms: the
    // transform to clip space is a constant vertex attribute at a fixed location, and the
    // sampler reads texture unit 0 by default. The shaders are constant; a failed link would
    // only leave the canvas blank, the DOM overlay still working.

    glGenVertexArrays(1, &vao_);
    glGenBuffers(1, &vbo_);
    glGenBuffers(1, &ebo_);
    glBindVertexArray(vao_);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ebo_);
    glEnableVertexAttribArray(0);
    glEnableVertexAttribArray(1);
    glEnableVertexAttribArray(2);
    const GLsizei stride = sizeof(ImDrawVert);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, (void*)IM_OFFSETOF(ImDrawVert, pos));
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, (void*)IM_OFFSETOF(ImDrawVert, uv));
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, (void*)IM_OFFSETOF(ImDrawVert, col));
    glBindVertexArray(0);
    return true;
}

namespace {

// A one-byte-per-texel texture, (re)made in `tex`: coverage, so the shader takes the colour from
// the vertex and the coverage from the red channel. WebGL zero-fills it when `pixels` is null.
void make_coverage_texture(unsigned& tex, int width, int height, const void* pixels) {
    if (tex) glDeleteTextures(1, &tex);
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
}

} // namespace

unsigned GlRenderer::create_text_page(int width, int height, int white) {
    unsigned tex = 0;
    make_coverage_texture(tex, width, height, nullptr);
    text_pages_.push_back(tex);
    // The white block ImGui's shapes sample (RunAtlas::kWhite).
    unsigned char ink[8 * 8];
    for (unsigned char& c : ink) c = 255;
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, white, white, GL_RED, GL_UNSIGNED_BYTE, ink);
    return tex;
}

void GlRenderer::delete_text_pages() {
    for (unsigned& tex : text_pages_) glDeleteTextures(1, &tex);
    text_pages_.clear();
}

// The minimal page's ImGui font atlas (the widget has none).
void GlRenderer::upload_font(ImFontAtlas& atlas) {
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    atlas.GetTexDataAsAlpha8(&pixels, &w, &h);
    make_coverage_texture(font_tex_, w, h, pixels);
    atlas.SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(font_tex_)));
    atlas.ClearTexData(); // the CPU copy is no longer needed
}

void GlRenderer::render(const ImDrawData& data, int fb_width, int fb_height, float clear_rgb[3]) {
    glViewport(0, 0, fb_width, fb_height);
    glDisable(GL_SCISSOR_TEST);
    glClearColor(clear_rgb[0], clear_rgb[1], clear_rgb[2], 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    if (fb_width <= 0 || fb_height <= 0) return;

    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glEnable(GL_SCISSOR_TEST);

    const float l = data.DisplayPos.x, r = data.DisplayPos.x + data.DisplaySize.x;
    const float t = data.DisplayPos.y, b = data.DisplayPos.y + data.DisplaySize.y;
    glUseProgram(program_);
    glBindVertexArray(vao_);
    // The orthographic projection of imgui_impl_opengl3, as scale and offset (location 3).
    glVertexAttrib4f(3, 2.0f / (r - l), 2.0f / (t - b), (r + l) / (l - r), (t + b) / (b - t));
    glActiveTexture(GL_TEXTURE0);

    const ImVec2 scale = data.FramebufferScale;
    for (int n = 0; n < data.CmdListsCount; n++) {
        const ImDrawList* list = data.CmdLists[n];
        glBindBuffer(GL_ARRAY_BUFFER, vbo_);
        glBufferData(GL_ARRAY_BUFFER, list->VtxBuffer.Size * sizeof(ImDrawVert), list->VtxBuffer.Data, GL_STREAM_DRAW);
        glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ebo_);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER, list->IdxBuffer.Size * sizeof(ImDrawIdx), list->IdxBuffer.Data, GL_STREAM_DRAW);
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback || cmd.ElemCount == 0) continue; // no callbacks are used
            const float x0 = (cmd.ClipRect.x - l) * scale.x, y0 = (cmd.ClipRect.y - t) * scale.y;
            const float x1 = (cmd.ClipRect.z - l) * scale.x, y1 = (cmd.ClipRect.w - t) * scale.y;
            if (x1 <= x0 || y1 <= y0) continue;
            glScissor((int)x0, (int)(fb_height - y1), (int)(x1 - x0), (int)(y1 - y0));
            glBindTexture(GL_TEXTURE_2D, (GLuint)(intptr_t)cmd.GetTexID());
            glDrawElements(GL_TRIANGLES, (GLsizei)cmd.ElemCount, GL_UNSIGNED_INT,
                           (void*)(intptr_t)((cmd.IdxOffset) * sizeof(ImDrawIdx)));
        }
    }
    glBindVertexArray(0);
    glDisable(GL_SCISSOR_TEST);
}

void GlRenderer::shutdown() {
    delete_text_pages();
    if (font_tex_) glDeleteTextures(1, &font_tex_);
    if (vbo_) glDeleteBuffers(1, &vbo_);
    if (ebo_) glDeleteBuffers(1, &ebo_);
    if (vao_) glDeleteVertexArrays(1, &vao_);
    if (program_) glDeleteProgram(program_);
    font_tex_ = vbo_ = ebo_ = vao_ = program_ = 0;
}

} // namespace deltag::widget
