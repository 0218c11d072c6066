import { useEffect, useState } from 'react';
import { useImport, useProject } from '../../app-stores';
import { droppedFiles } from './dropped-files';

/** Files or folders dropped anywhere on the window go to the import dialog; an overlay says so while dragging. */
export function DropZone() {
  const project = useProject((state) => state.project);
  const receive = useImport((state) => state.receive);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    if (!project) return;
    let depth = 0;
    const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth += 1;
      setDragging(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      // Without this the browser would open the file instead of handing it to Porter.
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event) || !event.dataTransfer) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      void droppedFiles(event.dataTransfer).then(receive);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [project, receive]);

  if (!dragging || !project) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <p>Drop to add these files to {project.name}</p>
    </div>
  );
}
