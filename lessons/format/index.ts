// The lesson format (lessons/FORMAT.md): parse, serialize, validate, convert
// to and from .ipynb. Pure TypeScript: runs in the browser and in Node.
export * from './model.ts';
export { parseLesson } from './parse.ts';
export { serializeLesson } from './serialize.ts';
export { LESSON_SCHEMA, lintLesson, validateLesson } from './validate.ts';
export { ipynbToLesson, lessonToIpynb, type Notebook, type NotebookCell } from './ipynb.ts';
export { exercisesOf, type Exercise } from './exercises.ts';
